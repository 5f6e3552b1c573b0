package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A runner that cannot contain its agents, or has no agent CLI, never starts: it says what is
 * missing and exits instead of failing the queue.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@TestProfile(NoInAppRunner.class)
class RunnerStartIT {

  @Test
  void withoutItsSandboxTheRunnerRefusesToStartAndSaysWhatIsMissing() throws Exception {
    String log = refusedStart("runner-nobwrap", "autopilot.bwrap-bin", "/nonexistent/bwrap");
    assertTrue(log.contains("bubblewrap (bwrap) is not installed"), log);
    assertTrue(log.contains("apt-get install bubblewrap"), log);
    assertTrue(log.contains("AUTOPILOT_AGENT_SANDBOX=off"), log);
  }

  @Test
  void withoutItsAgentCliTheRunnerRefusesToStartInsteadOfFailingTheQueue() throws Exception {
    String log = refusedStart("runner-nocli", "autopilot.claude-bin", "/nonexistent/claude");
    assertTrue(log.contains("The agent CLI '/nonexistent/claude' was not found"), log);
  }

  // Starts a runner with one setting changed; it must refuse to start and exit. Returns its log.
  private static String refusedStart(String id, String key, String value) throws Exception {
    Map<String, String> settings = StackResource.runnerSettings(id);
    settings.put(key, value);
    Process child = StandaloneRunner.start(id, settings);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "it did not refuse to start");
    String log = Files.readString(StackResource.root.resolve(id + ".log"));
    assertNotEquals(0, child.exitValue(), log);
    assertTrue(log.contains("Runner refused to start"), log);
    return log;
  }
}
