package dev.autopilot.api.github;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GitHub's real payloads (from {@code @octokit/webhooks-examples}), pointed at an issue's branch
 * and signed the way GitHub signs: the pull request drives the issue, and nothing else does.
 */
@QuarkusTest
class GithubWebhookTest {

  private static final String SECRET = "It's a Secret to Everybody";

  @Test
  void theSignatureIsGithubsHmacCheckedAgainstItsPublishedExample() {
    // The example in GitHub's "Validating webhook deliveries".
    assertEquals(
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        GithubSignature.of(SECRET, "Hello, World!".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aMergedPullRequestIsDoneAndAClosedOneGoesBackToTheBacklog() throws Exception {
    long merged = inReview("Add a footer");
    ObjectNode event = pullRequestClosed(merged);
    event.with("pull_request").put("merged", true);
    event.with("pull_request").set("merged_by", event.get("sender"));
    deliver("pull_request", event).then().statusCode(200);
    issue(merged, "done", "merged");
    List<String> thread = thread(merged);
    assertTrue(
        thread.stream().anyMatch(c -> c.startsWith("Merged on GitHub by @Codertocat as c4295bd")),
        thread.toString());

    long closed = inReview("Rename the button");
    deliver("pull_request", pullRequestClosed(closed)).then().statusCode(200);
    issue(closed, "backlog", "closed");
  }

  @Test
  void badSignaturesReplaysAndForeignBranchesAreRefusedAndMoveNothing() throws Exception {
    long id = inReview("Refuse strangers");
    ObjectNode event = pullRequestClosed(id);
    byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);

    post("pull_request", UUID.randomUUID().toString(), "sha256=" + "0".repeat(64), body)
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    post("pull_request", UUID.randomUUID().toString(), null, body).then().statusCode(401);

    ObjectNode foreign = pullRequestClosed(id);
    foreign.with("pull_request").with("head").put("ref", "feature/someone-elses");
    deliver("pull_request", foreign).then().statusCode(422);
    ObjectNode otherRepo = pullRequestClosed(id);
    otherRepo.with("repository").put("full_name", "someone/else");
    deliver("pull_request", otherRepo).then().statusCode(403);
    issue(id, "in_review", null);

    String delivery = UUID.randomUUID().toString();
    post("pull_request", delivery, GithubSignature.of(SECRET, body), body).then().statusCode(200);
    issue(id, "backlog", "closed");
    post("pull_request", delivery, GithubSignature.of(SECRET, body), body)
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:autopilot:problem:replayed-delivery"));
  }

  @Test
  void aSignedBodyUnderAnotherDeliveryIdIsAReplay() throws Exception {
    // The signature covers the body, not X-GitHub-Delivery: a captured delivery sent again under a
    // fresh id must not act twice.
    long id = inReview("Replay me");
    ObjectNode opened = OctokitExamples.example("pull_request", "opened");
    opened.with("repository").put("full_name", "autopilot-test/shop");
    opened.with("pull_request").with("head").put("ref", "autopilot/issue-" + id);
    opened.with("pull_request").with("head").with("repo").put("full_name", "autopilot-test/shop");
    byte[] body = opened.toString().getBytes(StandardCharsets.UTF_8);
    String signature = GithubSignature.of(SECRET, body);
    post("pull_request", UUID.randomUUID().toString(), signature, body).then().statusCode(200);
    issue(id, "in_review", "open");
    deliver("pull_request", pullRequestClosed(id)).then().statusCode(200);
    issue(id, "backlog", "closed");

    post("pull_request", UUID.randomUUID().toString(), signature, body)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:replayed-body"));
    issue(id, "backlog", "closed");

    // Past the window the body is remembered no longer (a test of the window, not a real case).
    TestDb.update(
        "update github_delivery_body set seen_at = seen_at - interval '25 hours'"
            + " where sha256 = sha256(?)",
        body);
    post("pull_request", UUID.randomUUID().toString(), signature, body).then().statusCode(200);
    issue(id, "backlog", "open");
  }

  /** An issue in review on its own branch, as a runner leaves it. */
  private static long inReview(String title) {
    long id = Fixtures.issue(Map.of("title", title, "hand_off", true));
    Runner.report(
            Runner.mustClaim(id, 600),
            Map.of(
                "outcome", "implemented", "branch", "autopilot/issue-" + id, "commit", "abc1234"))
        .then()
        .statusCode(200);
    return id;
  }

  private static ObjectNode pullRequestClosed(long issue) throws Exception {
    ObjectNode event = OctokitExamples.example("pull_request", "closed");
    event.with("repository").put("full_name", "autopilot-test/shop");
    event.with("pull_request").with("head").put("ref", "autopilot/issue-" + issue);
    event.with("pull_request").with("head").with("repo").put("full_name", "autopilot-test/shop");
    return event;
  }

  private static Response deliver(String event, ObjectNode payload) {
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    return post(event, UUID.randomUUID().toString(), GithubSignature.of(SECRET, body), body);
  }

  private static Response post(String event, String delivery, String signature, byte[] body) {
    var request =
        RestAssured.given()
            .contentType("application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", delivery)
            .body(body);
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return request.post("/api/autopilot/github/webhook");
  }

  private static void issue(long id, String status, String prState) {
    var response =
        Caller.VIEWER.req().get("/api/autopilot/issues/" + id).then().statusCode(200).extract();
    assertEquals(status, response.path("status"));
    assertEquals(prState, response.path("pr_state"));
  }

  private static List<String> thread(long id) {
    return Caller.VIEWER
        .req()
        .get("/api/autopilot/issues/" + id + "/comments")
        .then()
        .extract()
        .jsonPath()
        .getList("body");
  }
}
