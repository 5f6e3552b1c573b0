package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code CLI (pinned, from npm) driven by the runner against a scripted Messages API:
 * only the model is a stand-in.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@TestProfile(RealClaudeCliIT.RealCli.class)
class RealClaudeCliIT {

  static final ScriptedModel MODEL = start();

  /** The runner with the real CLI pointed at the scripted model. */
  public static class RealCli implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "autopilot.claude-bin",
          ClaudeCli.binary().toString(),
          "autopilot.runner-id",
          "runner-real-cli",
          "autopilot.agent.timeout",
          "90s",
          "autopilot.agent.env.ANTHROPIC_BASE_URL",
          MODEL.baseUrl());
    }
  }

  @Test
  void anEditGoesToReviewAndTheDeniedGitCommitIsInTheLog() {
    long id = Api.issue("[model:edit] greet the world");
    RunnerEndToEndTest.awaitStatus(id, "in_review");
    String branch = "autopilot/issue-" + id;
    assertEquals("hello from the model\n", RunnerEndToEndTest.show(branch, "hello.txt"));
    JsonNode run = RunnerEndToEndTest.lastRun(id);
    assertEquals("implemented", run.get("outcome").asText());
    assertEquals("Created hello.txt with a greeting.", run.get("summary").asText());
    JsonNode events =
        Api.get("/api/autopilot/runs/" + run.get("id").asText() + "/events?limit=2000");
    boolean deniedGit = false;
    for (JsonNode e : events) {
      deniedGit |=
          e.get("kind").asText().equals("denied") && e.get("text").asText().contains("git commit");
    }
    assertTrue(deniedGit, "the denied git commit is visible: " + events);
    String log = StackResource.git(StackResource.origin, "log", "--format=%s", branch);
    assertFalse(log.contains("wip"), "the agent's git commit never happened: " + log);
  }

  @Test
  void aBlockedAnswerMovesTheIssueToBlockedWithTheQuestion() {
    long id = Api.issue("[model:blocked] greet formally?");
    RunnerEndToEndTest.awaitStatus(id, "blocked");
    JsonNode comments = Api.get("/api/autopilot/issues/" + id).get("comments");
    assertEquals(
        "Should the greeting be formal or casual?",
        comments.get(comments.size() - 1).get("body").asText());
  }

  @Test
  void aWriteOutsideTheWorktreeIsDeniedAndNothingEscapes() {
    long id = Api.issue("[model:outside] write a file elsewhere");
    RunnerEndToEndTest.awaitStatus(id, "in_review");
    JsonNode run = RunnerEndToEndTest.lastRun(id);
    assertEquals("no_changes", run.get("outcome").asText());
    assertFalse(Files.exists(ScriptedModel.OUTSIDE), "the agent wrote outside its worktree");
    JsonNode events =
        Api.get("/api/autopilot/runs/" + run.get("id").asText() + "/events?limit=2000");
    boolean denied = false;
    for (JsonNode e : events) {
      denied |=
          e.get("kind").asText().equals("denied")
              || e.get("text").asText().contains(ScriptedModel.OUTSIDE.getFileName().toString())
                  && e.get("kind").asText().equals("error");
    }
    assertTrue(denied, "the refused write is in the live log: " + events);
  }

  @Test
  void anAnsweredQuestionResumesTheAgentsOwnSession() {
    long id = Api.issue("[model:resume] greet the reader");
    RunnerEndToEndTest.awaitStatus(id, "blocked");
    JsonNode first = RunnerEndToEndTest.lastRun(id);
    Api.post("/api/autopilot/issues/" + id + "/comments", "{\"body\":\"ANSWER-formal, please.\"}");
    RunnerEndToEndTest.awaitStatus(id, "in_review");
    String branch = "autopilot/issue-" + id;
    assertEquals(
        "resumed\n",
        RunnerEndToEndTest.show(branch, "session.txt"),
        "the re-run continued the first run " + first.path("id").asText());
  }

  @Test
  void aReviewOnGithubReRunsTheAgentWithTheReviewTextInItsPrompt() {
    long id = Api.issue("[model:edit] greet the reviewers");
    RunnerEndToEndTest.awaitStatus(id, "in_review");
    String review = "REVIEW-" + id + ": greet them in French as well";
    Api.github(
        "pull_request_review",
        "{\"action\":\"submitted\",\"repository\":{\"full_name\":\"autopilot-test/demo\"},"
            + "\"pull_request\":{\"html_url\":\"https://github.example/acme/app/pull/"
            + id
            + "\",\"head\":{\"ref\":\"autopilot/issue-"
            + id
            + "\",\"repo\":{\"full_name\":\"autopilot-test/demo\"}}},"
            + "\"review\":{\"state\":\"changes_requested\",\"body\":"
            + Api.quote(review)
            + ",\"author_association\":\"OWNER\",\"user\":{\"login\":\"octocat\"}}}");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(90))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(
            () ->
                Api.get("/api/autopilot/issues/" + id + "/runs").size() == 2
                    && Api.status(id).equals("in_review"));
    assertTrue(
        MODEL.received().stream().anyMatch(request -> request.contains(review)),
        "the re-run's prompt reached the model with the review text");
  }

  private static ScriptedModel start() {
    try {
      return new ScriptedModel();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
