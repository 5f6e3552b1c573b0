package dev.autopilot.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue → hand-off → Kafka → runner → fake agent → real git → report, against the real stack. */
@QuarkusTest
@WithTestResource(StackResource.class)
class RunnerEndToEndTest {

  @Test
  void anEditIsCommittedByTheRunnerPushedAndSentToReview() {
    long id = Api.issue("Add a greeting");
    awaitStatus(id, "in_review");
    String branch = "autopilot/issue-" + id;
    assertEquals(branch, Api.get("/api/autopilot/issues/" + id).get("branch").asText());
    assertEquals("change for issue " + id + "\n", show(branch, "feature-" + id + ".txt"));
    String log = StackResource.git(StackResource.origin, "log", "-1", "--format=%an%n%B", branch);
    String ref = Api.get("/api/autopilot/issues/" + id).get("ref").asText();
    assertTrue(log.startsWith("Autopilot\n" + ref + " Add a greeting"), log);
    assertTrue(log.contains("Autopilot-Issue: " + id), log);
    JsonNode run = lastRun(id);
    assertEquals("implemented", run.get("outcome").asText());
    assertTrue(run.get("diff_stat").asText().contains("feature-" + id + ".txt"));
    assertTrue(run.get("patch").asText().contains("+change for issue " + id));
    JsonNode events = Api.get("/api/autopilot/runs/" + run.get("id").asText() + "/events");
    assertTrue(events.toString().contains("Write"), events.toString());
    // After the push, a pull request through the GitHub CLI (a stand-in here).
    String pr = "https://github.example/acme/app/pull/" + id;
    assertEquals(pr, run.get("pr_url").asText());
    assertEquals(pr, Api.get("/api/autopilot/issues/" + id).get("pr_url").asText());
    String calls = StackResource.ghCalls();
    assertTrue(
        calls.contains("pr\ncreate\n--head\n" + branch + "\n--title\n" + ref + " Add a greeting"),
        calls);
  }

  @Test
  void aBlockedAnswerDiscardsEditsAndTheAnswerResumesTheWork() {
    long id = Api.issue("[fake:blocked] store the data");
    awaitStatus(id, "blocked");
    JsonNode issue = Api.get("/api/autopilot/issues/" + id);
    JsonNode comments = issue.get("comments");
    assertEquals(
        "Which database should I use?", comments.get(comments.size() - 1).get("body").asText());
    assertEquals("blocked", lastRun(id).get("outcome").asText());
    Api.post("/api/autopilot/issues/" + id + "/comments", "{\"body\":\"ANSWER-postgres\"}");
    awaitStatus(id, "in_review");
    String branch = "autopilot/issue-" + id;
    assertEquals("ANSWER-postgres\n", show(branch, "answer-" + id + ".txt"));
    assertFalse(
        StackResource.git(StackResource.origin, "ls-tree", "--name-only", branch)
            .contains("draft-"),
        "the blocked run's edits were discarded");
  }

  @Test
  void aReRunAfterReviewBuildsOnTheSameBranchAndPushesItAgain() {
    long id = Api.issue("iterate on review");
    awaitStatus(id, "in_review");
    String branch = "autopilot/issue-" + id;
    String first = StackResource.git(StackResource.origin, "rev-parse", branch).strip();
    Api.post(
        "/api/autopilot/issues/" + id + "/status",
        "{\"status\":\"ready\",\"instructions\":\"Please do it once more\"}");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Api.get("/api/autopilot/issues/" + id + "/runs").size() == 2
                    && Api.status(id).equals("in_review"));
    assertEquals(
        "change for issue " + id + "\nchange for issue " + id + "\n",
        show(branch, "feature-" + id + ".txt"),
        "the second run started from the first run's commit");
    String second = StackResource.git(StackResource.origin, "rev-parse", branch).strip();
    assertEquals(first, StackResource.git(StackResource.origin, "rev-parse", second + "^").strip());
    assertTrue(lastRun(id).get("summary").asText().contains("feature-" + id));
  }

  @Test
  void noChangesGoesToReviewWithTheAgentsWords() {
    long id = Api.issue("[fake:noop] check the docs");
    awaitStatus(id, "in_review");
    assertEquals("no_changes", lastRun(id).get("outcome").asText());
    assertEquals(
        "Nothing needed to change", Api.get("/api/autopilot/issues/" + id).get("result").asText());
  }

  @Test
  void aCrashIsAFailureWithTheStderrTail() {
    long id = Api.issue("[fake:crash] explode");
    awaitStatus(id, "blocked");
    JsonNode run = lastRun(id);
    assertEquals("failed", run.get("outcome").asText());
    assertEquals("crash", run.get("failure_reason").asText());
    assertTrue(run.get("failure_detail").asText().contains("segfault in fake agent"));
  }

  @Test
  void theAgentsEnvironmentHoldsNoneOfTheRunnersSecrets() {
    long id = Api.issue("[fake:env] show env");
    awaitStatus(id, "in_review");
    String env = show("autopilot/issue-" + id, "env-" + id + ".txt");
    // The model key reaches the agent only as a placeholder that the runner's gateway swaps back.
    assertTrue(env.contains("ANTHROPIC_API_KEY=autopilot-run-"), "agent credential placeholder");
    assertFalse(env.contains("sk-test-agent"), "the real model key reached the agent");
    assertTrue(env.contains("DISABLE_AUTOUPDATER=1"));
    assertTrue(env.contains("/agent-home/issue-" + id), "private HOME");
    for (String secret :
        new String[] {"AUTOPILOT_", "GH_TOKEN", "KAFKA_", "never-show", "ghp_never"}) {
      assertFalse(env.contains(secret), secret + " leaked into the agent's environment");
    }
    assertFalse(env.contains(StackResource.stack.password("runner")), "runner password leaked");
  }

  @Test
  void anAgentThatRunsGitFindsNoRepositoryAndCommitsNothing() {
    long id = Api.issue("[fake:git] sneak a commit");
    awaitStatus(id, "in_review");
    // In its sandbox the worktree has no git metadata: the commit fails, nothing changes.
    assertEquals("no_changes", lastRun(id).get("outcome").asText());
    assertNothingPushed(id);
  }

  @Test
  void anAgentThatRedirectsTheWorktreesGitLinkRunsNothingAsTheRunner() {
    long id = Api.issue("[fake:dotgit] point .git at my own repository");
    awaitStatus(id, "blocked");
    // The sandbox keeps .git read-only, so the agent's own repository is what gets refused.
    String reason = lastRun(id).get("failure_reason").asText();
    assertTrue(reason.equals("protected") || reason.equals("git"), reason);
    assertFalse(Files.exists(StackResource.flags.resolve("fsmonitor-ran-" + id)), "fsmonitor ran");
    assertFalse(Files.exists(StackResource.flags.resolve("filter-ran-" + id)), "filter ran");
    // The slot was repaired: the next issue works in it.
    long next = Api.issue("after the rewiring");
    awaitStatus(next, "in_review");
  }

  @Test
  void aChangeToCiConfigurationIsNeverCommittedOrPushed() {
    long id = Api.issue("[fake:workflow] the issue text asks for a new workflow");
    awaitStatus(id, "blocked");
    JsonNode run = lastRun(id);
    assertEquals("protected", run.get("failure_reason").asText(), run.toString());
    assertTrue(
        run.get("failure_detail").asText().contains(".github/workflows/exfil.yml"), run.toString());
    assertNothingPushed(id);
  }

  @Test
  void anAgentsGitPushReachesNoRemoteAndOnlyTheRunnerPushes() {
    long id = Api.issue("[fake:push] push it myself");
    awaitStatus(id, "in_review");
    String branches = StackResource.git(StackResource.origin, "branch", "--list");
    assertFalse(branches.contains("agent-push-" + id), "the agent's push reached the remote");
    assertTrue(branches.contains("autopilot/issue-" + id), branches);
    assertEquals("pushed by the agent?\n", show("autopilot/issue-" + id, "push-" + id + ".txt"));
  }

  @Test
  void aTimeoutCheckpointsTheWorkAndFails() {
    long id = Api.issue("[fake:hang] slow work");
    awaitStatus(id, "blocked");
    JsonNode run = lastRun(id);
    assertEquals("timeout", run.get("failure_reason").asText());
    String branch = "autopilot/issue-" + id;
    assertEquals("work in progress\n", show(branch, "wip-" + id + ".txt"));
    assertTrue(
        StackResource.git(StackResource.origin, "log", "-1", "--format=%s", branch)
            .startsWith("WIP: checkpoint"));
  }

  @Test
  void aReviewerCancelStopsTheAgentAtTheNextHeartbeat() {
    long id = Api.issue("[fake:hang] cancel me");
    awaitStatus(id, "in_progress");
    Api.post(
        "/api/autopilot/issues/" + id + "/status",
        "{\"status\":\"backlog\",\"reason\":\"wrong idea\"}");
    String branch = "autopilot/issue-" + id;
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                StackResource.git(StackResource.origin, "branch", "--list")
                    .contains("issue-" + id));
    assertEquals("work in progress\n", show(branch, "wip-" + id + ".txt"));
    assertEquals("backlog", Api.status(id));
    assertEquals("cancelled", lastRun(id).get("state").asText());
  }

  private static void assertNothingPushed(long id) {
    assertFalse(
        StackResource.git(StackResource.origin, "branch", "--list").contains("issue-" + id),
        "nothing was pushed for #" + id);
  }

  static void awaitStatus(long id, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Api.status(id).equals(status));
  }

  static JsonNode lastRun(long id) {
    JsonNode runs = Api.get("/api/autopilot/issues/" + id + "/runs");
    return Api.get("/api/autopilot/runs/" + runs.get(runs.size() - 1).get("id").asText());
  }

  static String show(String branch, String file) {
    return StackResource.git(StackResource.origin, "show", branch + ":" + file);
  }
}
