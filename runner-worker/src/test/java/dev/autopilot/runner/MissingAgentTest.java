package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.agent.AgentRequest;
import dev.autopilot.runner.agent.AgentResult;
import dev.autopilot.runner.agent.ClaudeCodeAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing agent CLI is a clear, immediate failure, never a hang. */
class MissingAgentTest {

  @TempDir Path tmp;

  @Test
  void aMissingClaudeBinaryFailsAtOnceWithAnInstallHint() {
    RunnerConfig config =
        TestConfig.of(Map.of("autopilot.claude-bin", tmp.resolve("no-such-claude").toString()));
    AgentResult result =
        new ClaudeCodeAdapter(config, dev.autopilot.runner.sandbox.Sandbox.none())
            .run(
                new AgentRequest(
                    tmp,
                    "prompt",
                    tmp.resolve("home"),
                    null,
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(1),
                    () -> false,
                    e -> {}));
    assertFalse(result.started());
    assertFalse(result.sawResult());
    assertTrue(result.stderrTail().contains("could not be started"), result.stderrTail());
    assertTrue(result.stderrTail().contains("npm i -g @anthropic-ai/claude-code"));
    assertEquals("setup", dev.autopilot.runner.job.OutcomesProbe.reason(result));
  }
}
