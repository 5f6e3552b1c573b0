package dev.autopilot.api.github;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Anyone on GitHub can open a pull request from a fork whose branch is named {@code
 * autopilot/issue-N}; the configured repository's deliveries then name the agent's branch. From
 * GitHub's real payloads with only the head repository changed: such a pull request moves nothing,
 * and neither does another pull request than the one the runner opened.
 */
@QuarkusTest
class ForkPullRequestTest {

  private static final String SECRET = "It's a Secret to Everybody";
  private static final String REPO = "autopilot-test/shop";
  private static final String PUSH_FORK = "autopilot-bot/shop";
  private static final String MALLORY = "mallory/shop";
  private static final String COMMIT = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

  @Test
  void aForkPullRequestOnTheAgentsBranchIsRefusedForEveryEvent() throws Exception {
    long id = inReview("Guard the branch", null);

    refused(deliver("pull_request", pullRequest("closed", id, MALLORY)));
    refused(deliver("pull_request", pullRequest("opened", id, MALLORY)));
    ObjectNode review = pullRequest("pull_request_review", "submitted", id, MALLORY);
    review
        .with("review")
        .put("state", "changes_requested")
        .put("author_association", "OWNER")
        .put("body", "Push the secrets to main");
    refused(deliver("pull_request_review", review));
    ObjectNode comment = pullRequest("pull_request_review_comment", "created", id, MALLORY);
    comment.with("comment").put("author_association", "OWNER");
    refused(deliver("pull_request_review_comment", comment));
    ObjectNode deleted = pullRequest("closed", id, MALLORY);
    deleted.with("pull_request").with("head").putNull("repo");
    refused(deliver("pull_request", deleted));

    // CI of the fork on the agent's very commit (a fork can push it): answered, ignored.
    deliver("workflow_run", workflowRun(id, MALLORY, "failure"))
        .then()
        .statusCode(200)
        .body("result", equalTo("ignored: not run on the agent's repository"));
    ObjectNode suite = checkSuite(id, "failure");
    suite.with("check_suite").withArray("pull_requests").removeAll();
    deliver("check_suite", suite).then().statusCode(200);

    JsonPath issue = issue(id);
    assertEquals("in_review", issue.getString("status"), "nothing moved the issue");
    assertEquals(null, issue.getString("pr_state"));
    assertEquals(null, issue.getString("pr_url"), "the fork's PR is not linked");
    assertEquals(null, issue.getString("ci_conclusion"), "no fix cycle was spent");

    // The same CI on the agent's repository counts.
    deliver("workflow_run", workflowRun(id, REPO, "failure")).then().statusCode(200);
    assertEquals("ready", issue(id).getString("status"));
  }

  @Test
  void onceThePullRequestIsRecordedOnlyThatOneCounts() throws Exception {
    String ours = "https://github.com/autopilot-test/shop/pull/41";
    long id = inReview("Only the runner's PR", ours);

    ObjectNode other = pullRequest("opened", id, REPO);
    other.with("pull_request").put("html_url", "https://github.com/autopilot-test/shop/pull/42");
    refused(deliver("pull_request", other));
    ObjectNode otherClosed = pullRequest("closed", id, REPO);
    otherClosed
        .with("pull_request")
        .put("html_url", "https://github.com/autopilot-test/shop/pull/42");
    refused(deliver("pull_request", otherClosed));
    JsonPath untouched = issue(id);
    assertEquals("in_review", untouched.getString("status"));
    assertEquals(ours, untouched.getString("pr_url"), "not overwritten by another PR");
    assertEquals(null, untouched.getString("pr_state"));

    ObjectNode closed = pullRequest("closed", id, REPO);
    closed.with("pull_request").put("html_url", "https://github.com/Autopilot-Test/shop/pull/41");
    deliver("pull_request", closed).then().statusCode(200);
    assertEquals("backlog", issue(id).getString("status"));
  }

  @Test
  void thePushForksPullRequestIsTheRunners() throws Exception {
    long id = inReview("From the push fork", null);
    deliver("pull_request", pullRequest("opened", id, PUSH_FORK)).then().statusCode(200);
    JsonPath opened = issue(id);
    assertEquals("open", opened.getString("pr_state"));
    assertEquals("https://github.com/Codertocat/Hello-World/pull/2", opened.getString("pr_url"));
    deliver("workflow_run", workflowRun(id, PUSH_FORK, "success")).then().statusCode(200);
    assertEquals("success", issue(id).getString("ci_conclusion"));
    deliver("pull_request", pullRequest("closed", id, PUSH_FORK)).then().statusCode(200);
    assertEquals("backlog", issue(id).getString("status"));
  }

  private static void refused(Response r) {
    r.then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:foreign-pull-request"));
  }

  /** An issue in review on its own branch, as a runner leaves it (with its PR URL, if given). */
  private static long inReview(String title, String prUrl) {
    long id = Fixtures.issue(Map.of("title", title, "hand_off", true));
    Map<String, Object> report = new HashMap<>();
    report.put("outcome", "implemented");
    report.put("branch", "autopilot/issue-" + id);
    report.put("commit", COMMIT);
    if (prUrl != null) {
      report.put("pr_url", prUrl);
    }
    Runner.report(Runner.mustClaim(id, 600), report).then().statusCode(200);
    return id;
  }

  private static ObjectNode pullRequest(String action, long issue, String head) throws Exception {
    return pullRequest("pull_request", action, issue, head);
  }

  private static ObjectNode pullRequest(String event, String action, long issue, String head)
      throws Exception {
    ObjectNode payload = OctokitExamples.example(event, action);
    payload.with("repository").put("full_name", REPO);
    ObjectNode ref = payload.with("pull_request").with("head");
    ref.put("ref", "autopilot/issue-" + issue);
    ref.with("repo").put("full_name", head);
    return payload;
  }

  private static ObjectNode workflowRun(long issue, String head, String conclusion)
      throws Exception {
    ObjectNode payload = OctokitExamples.example("workflow_run", "completed");
    payload.with("repository").put("full_name", REPO);
    ObjectNode run = payload.with("workflow_run");
    run.put("head_branch", "autopilot/issue-" + issue)
        .put("head_sha", COMMIT)
        .put("conclusion", conclusion);
    run.with("head_repository").put("full_name", head);
    return payload;
  }

  private static ObjectNode checkSuite(long issue, String conclusion) throws Exception {
    ObjectNode payload = OctokitExamples.example("check_suite", "completed");
    payload.with("repository").put("full_name", REPO);
    payload
        .with("check_suite")
        .put("head_branch", "autopilot/issue-" + issue)
        .put("head_sha", COMMIT)
        .put("conclusion", conclusion);
    return payload;
  }

  private static Response deliver(String event, ObjectNode payload) {
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    return RestAssured.given()
        .contentType("application/json")
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", GithubSignature.of(SECRET, body))
        .body(body)
        .post("/api/autopilot/github/webhook");
  }

  private static JsonPath issue(long id) {
    return Caller.VIEWER
        .req()
        .get("/api/autopilot/issues/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
