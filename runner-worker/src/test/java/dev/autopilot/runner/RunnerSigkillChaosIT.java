package dev.autopilot.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A runner SIGKILLed mid-run (no shutdown hook, no report, no checkpoint): its sandboxed agent dies
 * with it, the claim's lease lapses and the issue is back in ready, and the restarted runner does
 * it exactly once more in the same slot.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@TestProfile(NoInAppRunner.class)
class RunnerSigkillChaosIT {

  private static final Duration LEASE = Duration.ofSeconds(6);

  @Test
  void aRunnerKilledMidRunGivesTheIssueBackWithinTheLeaseAndItIsDoneExactlyOnceMore()
      throws Exception {
    String marker = "kill-marker-" + UUID.randomUUID();
    Map<String, String> settings = StackResource.runnerSettings("runner-k");
    settings.put("autopilot.lease", LEASE.toSeconds() + "s");
    settings.put("autopilot.agent.timeout", "120s");
    settings.put("autopilot.agent.env.FAKE_MARKER", marker);
    Process first = StandaloneRunner.start("runner-k", settings);
    Process again = null;
    try {
      long id = Api.issue("[fake:hang-once] chaos: killed mid-run");
      Path home = StackResource.root.resolve("cache-runner-k/agent-home/issue-" + id);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  runnerOf(id).startsWith("runner-k")
                      && Files.exists(home.resolve("hung-once-" + id))
                      && !HostProcesses.withEnvironment(marker).isEmpty());
      Instant killed = Instant.now();
      new ProcessBuilder("kill", "-KILL", Long.toString(first.pid())).start().waitFor();
      assertTrue(first.waitFor(10, TimeUnit.SECONDS));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertEquals(
                      List.of(),
                      HostProcesses.withEnvironment(marker),
                      "agent processes outlived their runner"));

      await()
          .atMost(LEASE.plusSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> Api.status(id).equals("ready"));
      Duration backInReady = Duration.between(killed, Instant.now());

      // Restarted as an orchestrator would: same name, same cache, same slot.
      again = StandaloneRunner.start("runner-k", settings);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Api.status(id).equals("in_review"));
      Duration done = Duration.between(killed, Instant.now());

      JsonNode runs = Chaos.runs(id);
      long implemented = count(runs, "outcome", "implemented");
      int commits = Chaos.commitsOnBranch(id);
      Chaos.report(
          "runner SIGKILLed mid-run (lease 6 s)",
          done,
          implemented == 0 ? 1 : 0,
          Math.max(0, implemented - 1) + Math.max(0, commits - 1),
          0,
          String.format(
              "back in ready %.1f s after the kill; in review %.1f s after it (runner restart"
                  + " included); %d runs: %s",
              backInReady.toMillis() / 1000.0,
              done.toMillis() / 1000.0,
              runs.size(),
              states(runs)));
      assertTrue(backInReady.compareTo(LEASE.plusSeconds(3)) <= 0, "ready after " + backInReady);
      assertEquals(2, runs.size(), runs.toString());
      assertEquals("expired", runs.get(0).get("state").asText(), runs.toString());
      assertEquals(1, implemented, runs.toString());
      assertEquals(1, commits, "one commit on the branch");
      assertTrue(runs.get(1).get("runner_id").asText().startsWith("runner-k/slot-1"));
      assertEquals(
          "second attempt\n",
          RunnerEndToEndTest.show("autopilot/issue-" + id, "done-" + id + ".txt"));
    } finally {
      first.destroyForcibly();
      if (again != null) {
        StandaloneRunner.stop(again, Duration.ofSeconds(10));
      }
    }
  }

  private static long count(JsonNode runs, String field, String value) {
    long n = 0;
    for (JsonNode run : runs) {
      n += value.equals(run.path(field).asText()) ? 1 : 0;
    }
    return n;
  }

  private static String states(JsonNode runs) {
    StringBuilder s = new StringBuilder();
    for (JsonNode run : runs) {
      s.append(s.isEmpty() ? "" : ", ").append(run.path("state").asText());
      if (!run.path("outcome").isNull() && !run.path("outcome").isMissingNode()) {
        s.append('/').append(run.path("outcome").asText());
      }
    }
    return s.toString();
  }

  private static String runnerOf(long id) {
    JsonNode runs = Chaos.runs(id);
    return runs.size() == 0 ? "" : runs.get(runs.size() - 1).get("runner_id").asText();
  }
}
