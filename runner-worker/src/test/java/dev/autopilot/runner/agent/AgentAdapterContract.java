package dev.autopilot.runner.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link AgentAdapter} must do, whatever CLI it drives: prompt verbatim on stdin, no
 * shell, an allow-listed environment, the final answer and progress parsed from the output,
 * failures classified rather than thrown, and timeout and cancel ending the whole process tree.
 * Each adapter runs against a stand-in script with its CLI's real output format.
 */
abstract class AgentAdapterContract {

  @TempDir Path tmp;
  Path worktree;
  Path pidFile;
  final List<AgentEvent> events = new CopyOnWriteArrayList<>();

  /** The stand-in CLI for this adapter, under {@code src/test/resources}. */
  abstract String fakeCli();

  /** The config key naming this adapter's executable. */
  abstract String binKey();

  abstract AgentAdapter adapter(RunnerConfig config);

  /**
   * Variables this adapter passes beyond HOME, TMPDIR and the base allow-list: its own settings and
   * its CLI's credentials.
   */
  abstract Set<String> ownVariables();

  @BeforeEach
  void setUp() throws IOException {
    worktree = Files.createDirectories(tmp.resolve("worktree"));
    pidFile = tmp.resolve("tool.pid");
  }

  AgentAdapter adapter() {
    return adapter(
        TestConfig.of(
            Map.of(
                binKey(),
                Path.of("src/test/resources", fakeCli()).toAbsolutePath().toString(),
                "autopilot.agent.env.FAKE_PID_FILE",
                pidFile.toString())));
  }

  AgentResult run(String prompt, Duration timeout, BooleanSupplier cancelled) {
    return adapter()
        .run(
            new AgentRequest(
                worktree,
                prompt,
                tmp.resolve("config"),
                null,
                timeout,
                Duration.ofMillis(500),
                cancelled,
                events::add));
  }

  AgentResult run(String prompt) {
    return run(prompt, Duration.ofMinutes(1), () -> false);
  }

  @Test
  void anEditEndsWithTheAgentsSummaryAndItsProgress() {
    AgentResult r = run("Implement issue #7: add a feature");
    assertTrue(r.started() && r.sawResult() && !r.isError(), r.toString());
    assertEquals("Added feature-7.txt", r.text());
    assertEquals(0, r.exitCode());
    assertEquals(AgentResult.Stop.NONE, r.stop());
    assertTrue(r.sessionId() != null && !r.sessionId().isBlank());
    assertTrue(r.tokens() != null && r.tokens() > 0);
    assertTrue(Files.exists(worktree.resolve("feature-7.txt")));
    assertTrue(events.stream().anyMatch(e -> e.kind().equals("tool")), events.toString());
    assertTrue(events.stream().anyMatch(e -> e.text().equals("Added feature-7.txt")));
  }

  @Test
  void aBlockedAnswerComesBackAsTheFinalText() {
    AgentResult r = run("Implement issue #8 [fake:blocked]");
    assertFalse(r.isError());
    assertEquals("BLOCKED: Which database should I use?", r.text());
  }

  @Test
  void thePromptReachesTheAgentVerbatimAndIsNeverRunByAShell() throws IOException {
    // No trailing newline: the stand-ins read stdin with $(cat), which drops it.
    String hostile = "Implement issue #9 [fake:echo]\n$(touch pwned) `touch pwned2` ; rm -rf / \"'";
    AgentResult r = run(hostile);
    assertFalse(r.isError(), r.toString());
    assertTrue(Files.readString(worktree.resolve("prompt-9.txt")).contains(hostile));
    assertFalse(Files.exists(worktree.resolve("pwned")));
    assertFalse(Files.exists(worktree.resolve("pwned2")));
  }

  @Test
  void theAgentSeesOnlyAllowListedVariables() throws IOException {
    AgentResult r = run("Implement issue #10 [fake:env]");
    assertFalse(r.isError(), r.toString());
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(worktree.resolve("env-10.txt"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertEquals(tmp.resolve("config").toString(), env.get("HOME"));
    Set<String> expected =
        new java.util.HashSet<>(Set.of("HOME", "TMPDIR", "FAKE_PID_FILE", "PWD", "SHLVL", "_"));
    expected.addAll(
        Set.of(
            "GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0", "GIT_TERMINAL_PROMPT"));
    expected.addAll(AgentEnvironment.BASE);
    expected.addAll(ownVariables());
    Set<String> unexpected =
        env.keySet().stream().filter(k -> !expected.contains(k)).collect(Collectors.toSet());
    assertEquals(Set.of(), unexpected, "variables outside the allow-list reached the agent");
    assertNull(env.get("JAVA_HOME"));
    assertEquals("protocol.allow", env.get("GIT_CONFIG_KEY_0"));
    assertEquals("never", env.get("GIT_CONFIG_VALUE_0"));
  }

  @Test
  void aCrashIsReportedWithItsStderrAndNoResult() {
    AgentResult r = run("Implement issue #11 [fake:crash]");
    assertTrue(r.started());
    assertFalse(r.sawResult());
    assertEquals(3, r.exitCode());
    assertTrue(r.stderrTail().contains("segfault in fake agent"), r.stderrTail());
  }

  @Test
  void aRefusedLoginIsAnErrorResult() {
    AgentResult r = run("Implement issue #12 [fake:fail]");
    assertTrue(r.sawResult() && r.isError(), r.toString());
  }

  @Test
  void aTimeoutKillsTheWholeProcessTree() throws Exception {
    long start = System.nanoTime();
    AgentResult r = run("Implement issue #13 [fake:hang]", Duration.ofSeconds(2), () -> false);
    assertEquals(AgentResult.Stop.TIMEOUT, r.stop());
    assertTrue((System.nanoTime() - start) / 1_000_000_000 < 30, "stopped promptly");
    assertToolProcessGone();
  }

  @Test
  void cancellingStopsTheRunAndItsTools() throws Exception {
    AtomicBoolean cancel = new AtomicBoolean();
    new Thread(
            () -> {
              try {
                Thread.sleep(1500);
                cancel.set(true);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })
        .start();
    AgentResult r = run("Implement issue #14 [fake:hang]", Duration.ofMinutes(5), cancel::get);
    assertEquals(AgentResult.Stop.CANCELLED, r.stop());
    assertToolProcessGone();
  }

  @Test
  void aMissingExecutableIsASetupFailureNotAnException() {
    AgentAdapter missing =
        adapter(TestConfig.of(Map.of(binKey(), tmp.resolve("no-such-cli").toString())));
    AgentResult r =
        missing.run(
            new AgentRequest(
                worktree,
                "Implement issue #15",
                tmp.resolve("config"),
                null,
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                () -> false,
                events::add));
    assertFalse(r.started());
    assertTrue(r.stderrTail().contains("could not be started"), r.stderrTail());
  }

  private void assertToolProcessGone() throws Exception {
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    for (int i = 0;
        i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        i++) {
      Thread.sleep(100);
    }
    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "the agent's tool process " + pid + " outlived the run");
  }
}
