package dev.autopilot.runner.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.TestConfig;
import dev.autopilot.runner.sandbox.AgentSandbox;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both adapters inside the real sandbox, with their stand-in CLIs: the CLI runs in it with masked
 * credentials and the gateway's proxy, and a timeout ends everything it started.
 */
class SandboxedAdaptersTest {

  private static final Vertx VERTX = Vertx.vertx();

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"claude", "codex"})
  void theCliRunsInTheSandboxWithPlaceholdersAndATimeoutEndsAllOfIt(String kind) throws Exception {
    dev.autopilot.runner.SandboxTools.ensureInstalled();
    boolean codex = kind.equals("codex");
    String marker = "sandboxed-" + UUID.randomUUID();
    RunnerConfig config =
        TestConfig.of(
            Map.of(
                codex ? "autopilot.codex-bin" : "autopilot.claude-bin",
                Path.of("src/test/resources", codex ? "fake-codex.sh" : "fake-agent.sh")
                    .toAbsolutePath()
                    .toString(),
                "autopilot.cache-dir",
                tmp.resolve("cache").toString(),
                "autopilot.agent.env.FAKE_MARKER",
                marker,
                codex
                    ? "autopilot.agent.env.OPENAI_API_KEY"
                    : "autopilot.agent.env.ANTHROPIC_API_KEY",
                "sk-real-" + marker));
    try (AgentSandbox sandbox = AgentSandbox.open(config, VERTX, List.of(tmp.resolve("cache")))) {
      BiFunction<RunnerConfig, dev.autopilot.runner.sandbox.Sandbox, AgentAdapter> make =
          codex ? CodexAdapter::new : ClaudeCodeAdapter::new;
      AgentAdapter adapter = make.apply(config, sandbox.sandbox());
      Path worktree = Files.createDirectories(tmp.resolve("worktree"));
      AgentResult env = adapter.run(request(worktree, "Implement issue #31 [fake:env]", 60));
      assertFalse(env.isError(), env.toString());
      String seen = Files.readString(worktree.resolve("env-31.txt"));
      assertTrue(seen.contains("HTTPS_PROXY=http://127.0.0.1:3128"), seen);
      assertTrue(seen.contains("_API_KEY=autopilot-run-"), seen);
      assertFalse(seen.contains("sk-real-"), "the real key reached the agent");

      long start = System.nanoTime();
      AgentResult hung = adapter.run(request(worktree, "Implement issue #32 [fake:hang]", 2));
      assertEquals(AgentResult.Stop.TIMEOUT, hung.stop());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
      assertEquals(
          List.of(),
          dev.autopilot.runner.HostProcesses.withEnvironment(marker),
          "processes outlived the run");
    }
  }

  private AgentRequest request(Path worktree, String prompt, int timeoutSeconds) {
    return new AgentRequest(
        worktree,
        prompt,
        tmp.resolve("home"),
        null,
        Duration.ofSeconds(timeoutSeconds),
        Duration.ofMillis(500),
        () -> false,
        e -> {});
  }

  @AfterAll
  static void close() {
    VERTX.close();
  }
}
