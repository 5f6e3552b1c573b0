package dev.autopilot.runner.agent;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.sandbox.Sandbox;
import java.util.Set;

/** Claude Code's adapter against a stand-in with its {@code stream-json} output. */
class ClaudeCodeAdapterContractTest extends AgentAdapterContract {

  @org.junit.jupiter.api.Test
  void aHugeOutputLineIsDroppedNotBufferedAndTheResultStillCounts() {
    AgentResult r = run("Implement issue #40 [fake:flood]");
    org.junit.jupiter.api.Assertions.assertEquals("Survived the flood", r.text(), r.toString());
    org.junit.jupiter.api.Assertions.assertTrue(
        events.stream().allMatch(e -> e.text().length() < 10_000), "the flood reached the log");
  }

  @Override
  String fakeCli() {
    return "fake-agent.sh";
  }

  @Override
  String binKey() {
    return "autopilot.claude-bin";
  }

  @Override
  AgentAdapter adapter(RunnerConfig config) {
    return new ClaudeCodeAdapter(config, Sandbox.none());
  }

  @Override
  Set<String> ownVariables() {
    Set<String> own = new java.util.HashSet<>(AgentEnvironment.CLAUDE);
    own.addAll(
        Set.of(
            "CLAUDE_CONFIG_DIR",
            "DISABLE_AUTOUPDATER",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
            "DISABLE_TELEMETRY",
            "DISABLE_ERROR_REPORTING",
            "CLAUDE_CODE_MAX_RETRIES"));
    return own;
  }
}
