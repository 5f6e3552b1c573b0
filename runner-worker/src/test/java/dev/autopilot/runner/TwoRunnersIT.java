package dev.autopilot.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several runners on one queue, and a runner stopped gracefully mid-job. */
@QuarkusTest
@WithTestResource(StackResource.class)
class TwoRunnersIT {

  @Test
  void twoRunnersFiftyIssuesFiftyBranchesNoneTwice() throws Exception {
    Process second = StandaloneRunner.start("runner-b", settingsFor("runner-b"));
    try {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ids.add(Api.issue("bulk change " + i));
      }
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ids.stream().allMatch(id -> Api.status(id).equals("in_review")));
      String branches = StackResource.git(StackResource.origin, "branch", "--list", "autopilot/*");
      for (long id : ids) {
        assertTrue(branches.contains("autopilot/issue-" + id + "\n"), "branch of #" + id);
        JsonNode runs = Api.get("/api/autopilot/issues/" + id + "/runs");
        assertEquals(1, runs.size(), "#" + id + " was implemented once");
      }
    } finally {
      StandaloneRunner.stop(second, Duration.ofSeconds(5));
    }
  }

  @Test
  void oneRunnerWithThreeSlotsRunsJobsSideBySideInOneRepository() throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(settingsFor("runner-p"));
    settings.put("autopilot.max-parallel", "3");
    Process parallel = StandaloneRunner.start(settings.get("autopilot.runner-id"), settings);
    try {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add(Api.issue("[fake:slow] parallel change " + i));
      }
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ids.stream().allMatch(id -> !Api.status(id).matches("ready|in_progress")));
      java.util.Set<String> slots = new java.util.TreeSet<>();
      for (long id : ids) {
        JsonNode runs = Api.get("/api/autopilot/issues/" + id + "/runs");
        assertEquals(1, runs.size(), "#" + id + " ran once: " + runs);
        assertEquals("implemented", runs.get(0).get("outcome").asText(), runs.toString());
        assertEquals(
            "slow change for issue " + id + "\n",
            RunnerEndToEndTest.show("autopilot/issue-" + id, "slow-" + id + ".txt"));
        slots.add(runs.get(0).get("runner_id").asText());
      }
      assertTrue(
          slots.containsAll(List.of("runner-p/slot-1", "runner-p/slot-2", "runner-p/slot-3")),
          "all three slots worked: " + slots);
    } finally {
      StandaloneRunner.stop(parallel, Duration.ofSeconds(10));
    }
  }

  @Test
  void withPushOffTheBranchStaysInTheRunnersCloneAndNothingReachesTheRemote() throws Exception {
    long busy = Api.issue("[fake:hang] keep runner-a busy while the local runner works");
    RunnerEndToEndTest.awaitStatus(busy, "in_progress");
    Map<String, String> settings = new java.util.HashMap<>(settingsFor("runner-l"));
    settings.put("autopilot.push", "false");
    Process local = StandaloneRunner.start(settings.get("autopilot.runner-id"), settings);
    try {
      long id = Api.issue("[fake:slow] a change kept local");
      RunnerEndToEndTest.awaitStatus(id, "in_review");
      JsonNode run = Api.get("/api/autopilot/issues/" + id + "/runs").get(0);
      assertTrue(run.get("runner_id").asText().startsWith("runner-l"), run.toString());
      String branch = "autopilot/issue-" + id;
      assertEquals(branch, run.get("branch").asText());
      assertTrue(run.get("pr_url").isNull(), "no PR without a push");
      Path clone = StackResource.root.resolve("clone-runner-l");
      assertEquals(
          run.get("commit").asText(),
          StackResource.git(clone, "rev-parse", branch).strip(),
          "the commit is on the branch in the runner's clone");
      assertTrue(
          StackResource.git(StackResource.origin, "branch", "--list", branch).isBlank(),
          "nothing was pushed");
    } finally {
      StandaloneRunner.stop(local, Duration.ofSeconds(10));
    }
  }

  @Test
  void aGracefulShutdownCheckpointsTheRunningJobOnItsBranch() throws Exception {
    long busy = Api.issue("[fake:hang] keep runner-a busy meanwhile");
    RunnerEndToEndTest.awaitStatus(busy, "in_progress");
    Map<String, String> settings = new java.util.HashMap<>(settingsFor("runner-d"));
    settings.put("autopilot.agent.timeout", "120s");
    Process runner = StandaloneRunner.start(settings.get("autopilot.runner-id"), settings);
    long id = Api.issue("[fake:hang] checkpoint me on shutdown");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> runnerOf(id).startsWith("runner-d") && eventsOf(id).contains("Write"));
    StandaloneRunner.stop(runner, Duration.ofSeconds(30)); // what a SIGTERM of the runner does
    String branch = "autopilot/issue-" + id;
    assertTrue(
        !StackResource.git(StackResource.origin, "branch", "--list", branch).isBlank(),
        "no checkpoint pushed: " + Api.get("/api/autopilot/issues/" + id + "/runs"));
    String log = StackResource.git(StackResource.origin, "log", "--format=%s", branch);
    assertTrue(log.contains("WIP: checkpoint of #" + id + " (cancelled)"), log);
    assertEquals("work in progress\n", RunnerEndToEndTest.show(branch, "wip-" + id + ".txt"));
    // The claim was given back at once rather than held until its lease expired.
    JsonNode first = Api.get("/api/autopilot/issues/" + id + "/runs").get(0);
    assertEquals("released", first.get("state").asText(), first.toString());
    assertTrue(first.get("failure_detail").asText().contains(branch), first.toString());
    String thread = Api.get("/api/autopilot/issues/" + id + "/comments").toString();
    assertTrue(thread.contains("gave the issue back before finishing"), thread);
  }

  private static String eventsOf(long id) {
    JsonNode runs = Api.get("/api/autopilot/issues/" + id + "/runs");
    if (runs.size() == 0) {
      return "";
    }
    String run = runs.get(runs.size() - 1).get("id").asText();
    return Api.get("/api/autopilot/runs/" + run + "/events").toString();
  }

  private static String runnerOf(long id) {
    JsonNode runs = Api.get("/api/autopilot/issues/" + id + "/runs");
    return runs.size() == 0 ? "" : runs.get(runs.size() - 1).get("runner_id").asText();
  }

  private static Map<String, String> settingsFor(String id) {
    Path clone = StackResource.root.resolve("clone-" + id);
    StackResource.git(
        StackResource.root, "clone", "--quiet", StackResource.origin.toString(), clone.toString());
    return StackResource.settings(id, clone, StackResource.root.resolve("cache-" + id));
  }
}
