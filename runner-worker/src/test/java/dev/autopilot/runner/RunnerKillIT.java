package dev.autopilot.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runners as separate processes, with the in-app runner off so they get every issue: a SIGKILLed
 * runner takes its sandboxed agent with it, and a runner that cannot contain agents never starts.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@TestProfile(RunnerKillIT.NoInAppRunner.class)
class RunnerKillIT {

  /** The in-app runner stays idle. */
  public static class NoInAppRunner implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("autopilot.runner", "false");
    }
  }

  @Test
  void aRunnerKilledWithSigkillTakesItsAgentWithItAndTheSlotWorksAfterARestart() throws Exception {
    String marker = "kill-marker-" + UUID.randomUUID();
    Map<String, String> settings = settings("runner-k");
    settings.put("autopilot.agent.timeout", "120s");
    settings.put("autopilot.agent.env.FAKE_MARKER", marker);
    Process child = StandaloneRunner.start("runner-k", settings);
    Process again = null;
    try {
      long id = Api.issue("[fake:hang] killed with its runner");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  runnerOf(id).startsWith("runner-k")
                      && !HostProcesses.withEnvironment(marker).isEmpty());
      new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor();
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertEquals(
                      List.of(),
                      HostProcesses.withEnvironment(marker),
                      "agent processes outlived their runner"));
      // A reviewer parks the dead run's issue; the restarted runner takes new work in the slot.
      Api.post("/api/autopilot/issues/" + id + "/status", "{\"status\":\"backlog\"}");
      again = StandaloneRunner.start("runner-k", settings);
      long next = Api.issue("after the kill");
      RunnerEndToEndTest.awaitStatus(next, "in_review");
      assertTrue(runnerOf(next).startsWith("runner-k/slot-1"), runnerOf(next));
      assertEquals("implemented", RunnerEndToEndTest.lastRun(next).get("outcome").asText());
    } finally {
      child.destroyForcibly();
      if (again != null) {
        again.destroyForcibly();
      }
    }
  }

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
    Map<String, String> settings = settings(id);
    settings.put(key, value);
    Process child = StandaloneRunner.start(id, settings);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "it did not refuse to start");
    String log = Files.readString(StackResource.root.resolve(id + ".log"));
    assertNotEquals(0, child.exitValue(), log);
    assertTrue(log.contains("Runner refused to start"), log);
    return log;
  }

  private static String runnerOf(long id) {
    JsonNode runs = Api.get("/api/autopilot/issues/" + id + "/runs");
    return runs.size() == 0 ? "" : runs.get(runs.size() - 1).get("runner_id").asText();
  }

  private static Map<String, String> settings(String id) {
    Path clone = StackResource.root.resolve("clone-" + id);
    if (!Files.exists(clone)) {
      StackResource.git(
          StackResource.root,
          "clone",
          "--quiet",
          StackResource.origin.toString(),
          clone.toString());
    }
    return new HashMap<>(
        StackResource.settings(id, clone, StackResource.root.resolve("cache-" + id)));
  }
}
