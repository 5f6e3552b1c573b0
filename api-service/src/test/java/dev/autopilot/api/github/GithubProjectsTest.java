package dev.autopilot.api.github;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One webhook URL for every project: a delivery is routed by the repository it names and must be
 * signed with that project's secret; it moves only that project's issues.
 */
@QuarkusTest
class GithubProjectsTest {

  @Test
  void aDeliveryMovesOnlyTheIssueOfTheProjectWhoseSecretAndRepositoryItCarries() throws Exception {
    String a = Fixtures.projectKey();
    String b = Fixtures.projectKey();
    String secretA = "secret-of-" + a + "-0123456789";
    String secretB = "secret-of-" + b + "-0123456789";
    project(a, "acme/" + a, secretA);
    project(b, "acme/" + b, secretB);
    long onB = inReview(b);
    long onA = inReview(a);

    // A's secret about B's repository: refused, nothing moves.
    deliver(merged(onB, "acme/" + b), secretA)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:foreign-repository"));
    assertEquals("in_review", status(onB));
    // A's secret about A's repository, naming B's issue branch: not A's to move.
    deliver(merged(onB, "acme/" + a), secretA).then().statusCode(422);
    assertEquals("in_review", status(onB));
    // An unknown secret is no signature at all.
    deliver(merged(onB, "acme/" + b), "not-any-projects-secret").then().statusCode(401);

    deliver(merged(onB, "acme/" + b.toUpperCase()), secretB)
        .then()
        .statusCode(200)
        .body("result", equalTo("merged: issue #" + onB + " is done"));
    assertEquals("done", status(onB));
    assertEquals("in_review", status(onA), "A's issue is left alone");
  }

  private static void project(String key, String repository, String secret) {
    Caller.ADMIN
        .req()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "key", key,
                "name", key,
                "github_repository", repository,
                "github_webhook_secret", secret))
        .post("/api/autopilot/projects")
        .then()
        .statusCode(201);
  }

  private static long inReview(String project) {
    long id =
        Fixtures.issue(Map.of("project", project, "title", "PR of " + project, "hand_off", true));
    Runner.report(
            Runner.mustClaim(id, 600),
            Map.of(
                "outcome", "implemented", "branch", "autopilot/issue-" + id, "commit", "abc1234"))
        .then()
        .statusCode(200);
    return id;
  }

  private static ObjectNode merged(long issue, String repository) throws Exception {
    ObjectNode event = OctokitExamples.example("pull_request", "closed");
    event.with("repository").put("full_name", repository);
    ObjectNode pr = event.with("pull_request");
    pr.put("merged", true);
    pr.putObject("merged_by").put("login", "octocat");
    pr.put("html_url", "https://github.com/" + repository + "/pull/" + issue);
    pr.with("head").put("ref", "autopilot/issue-" + issue);
    pr.with("head").with("repo").put("full_name", repository);
    return event;
  }

  private static Response deliver(ObjectNode payload, String secret) {
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    return RestAssured.given()
        .contentType("application/json")
        .header("X-GitHub-Event", "pull_request")
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", GithubSignature.of(secret, body))
        .body(body)
        .post("/api/autopilot/github/webhook");
  }

  private static String status(long id) {
    return Caller.VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().path("status");
  }
}
