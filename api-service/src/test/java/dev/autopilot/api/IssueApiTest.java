package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.REVIEWER;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.autopilot.api.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IssueApiTest {

  @Test
  void createsAnIssueWithDefaultsAndTheCallerAsCreator() {
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("title", "  Add   dark mode  ", "body", "Use **CSS** variables"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201)
        .header("Location", containsString("/api/autopilot/issues/"))
        .contentType(ContentType.JSON)
        .body("title", equalTo("Add dark mode"))
        .body("status", equalTo("backlog"))
        .body("kind", equalTo("feature"))
        .body("priority", equalTo("normal"))
        .body("human_only", equalTo(false))
        .body("created_by", equalTo("test-reviewer"))
        .body("ref", startsWith("DEFAULT-"))
        .body("project", equalTo("default"))
        .body("version", equalTo(0));
  }

  @Test
  void handOffCreatesStraightInReadyAndRecordsHistory() {
    long id = Fixtures.issue(Map.of("title", "Ship it", "hand_off", true, "priority", "urgent"));
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + id)
        .then()
        .statusCode(200)
        .header("ETag", equalTo("\"0\""))
        .body("status", equalTo("ready"))
        .body("priority", equalTo("urgent"))
        .body("history", hasSize(1))
        .body("history[0].from", nullValue())
        .body("history[0].to", equalTo("ready"))
        .body("history[0].actor", equalTo("test-reviewer"))
        .body("history[0].actor_kind", equalTo("human"))
        .body("comments", hasSize(0))
        .body("attachments", hasSize(0));
  }

  @Test
  void rejectsInvalidIssuesWithProblems() {
    assertProblem(Map.of("title", ""), 400, "title");
    assertProblem(Map.of("title", "x".repeat(201)), 400, "title");
    assertProblem(Map.of("title", "\u0000\u202e\u200b"), 400, "title");
    assertProblem(Map.of("title", "ok", "kind", "epic"), 400, "kind");
    assertProblem(Map.of("title", "ok", "status", "done"), 400, "status");
    assertProblem(Map.of("title", "ok", "created_by", "someone-else"), 400, "created_by");
    assertProblem(Map.of("title", "ok", "body", "é".repeat(40_000)), 400, "body");
    assertProblem(Map.of("title", "ok", "human_only", true, "hand_off", true), 400, "human-only");
  }

  @Test
  void malformedJsonAndWrongContentTypeAreProblems() {
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body("{\"title\": ")
        .post("/api/autopilot/issues")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", not(containsString("Exception")));
    REVIEWER
        .req()
        .contentType(ContentType.TEXT)
        .body("title=x")
        .post("/api/autopilot/issues")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body("[1,2]")
        .post("/api/autopilot/issues")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    VIEWER
        .req()
        .get("/api/autopilot/issues/999999999")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("type", equalTo("urn:autopilot:problem:not-found"));
  }

  @Test
  void patchChangesFieldsButNeverTheStatus() {
    long id = Fixtures.issue("Patch me");
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("priority", "high", "assignee", "alice", "body", "new body"))
        .patch("/api/autopilot/issues/" + id)
        .then()
        .statusCode(200)
        .header("ETag", equalTo("\"1\""))
        .body("priority", equalTo("high"))
        .body("assignee", equalTo("alice"))
        .body("body", equalTo("new body"))
        .body("title", equalTo("Patch me"))
        .body("version", equalTo(1));
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "done"))
        .patch("/api/autopilot/issues/" + id)
        .then()
        .statusCode(400)
        .body("detail", containsString("status"));
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("assignee", ""))
        .patch("/api/autopilot/issues/" + id)
        .then()
        .statusCode(200)
        .body("assignee", nullValue())
        .body("status", equalTo("backlog"));
  }

  @Test
  void staleVersionIsAConflict() {
    long id = Fixtures.issue("Versioned");
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("title", "v1", "version", 0))
        .patch("/api/autopilot/issues/" + id)
        .then()
        .statusCode(200);
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"0\"")
        .body(Map.of("title", "lost update"))
        .patch("/api/autopilot/issues/" + id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:edit-conflict"));
    VIEWER.req().get("/api/autopilot/issues/" + id).then().body("title", equalTo("v1"));
  }

  @Test
  void commentsTakeTheAuthorFromTheIdentity() {
    long id = Fixtures.issue("Discuss");
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("body", "I am an agent", "author_kind", "agent"))
        .post("/api/autopilot/issues/" + id + "/comments")
        .then()
        .statusCode(400);
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("body", "Looks good"))
        .post("/api/autopilot/issues/" + id + "/comments")
        .then()
        .statusCode(201)
        .body("author", equalTo("test-reviewer"))
        .body("author_kind", equalTo("human"));
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + id + "/comments")
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].body", equalTo("Looks good"));
  }

  @Test
  void aHumanCommentOnABlockedIssueIsTheAnswer() {
    long id = Fixtures.issueIn("blocked");
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("body", "Use PostgreSQL"))
        .post("/api/autopilot/issues/" + id + "/comments")
        .then()
        .statusCode(201);
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + id)
        .then()
        .body("status", equalTo("ready"))
        .body("history.reason", hasItem("answered in a comment"));
  }

  @Test
  void rerunInstructionsBecomeAComment() {
    long id = Fixtures.issueIn("in_review");
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "ready", "instructions", "Also add a test"))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("ready"));
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + id)
        .then()
        .body("comments[0].body", equalTo("Also add a test"))
        .body("comments[0].author", equalTo("test-reviewer"));
  }

  @Test
  void everyIssueCarriesTheMovesItsCallerMayMakeFromHere() {
    long id = Fixtures.issue("Offered moves");
    REVIEWER
        .req()
        .get("/api/autopilot/issues/" + id)
        .then()
        .statusCode(200)
        .body("allowed_moves.move", equalTo(java.util.List.of("hand_off")))
        .body("allowed_moves[0].to", equalTo("ready"))
        .body("allowed_moves[0].label", equalTo("Hand to agents"))
        .body("allowed_moves[0].primary", equalTo(true));
    REVIEWER
        .req()
        .get("/api/autopilot/issues?q=Offered")
        .then()
        .body("items[0].allowed_moves.to", equalTo(java.util.List.of("ready")));
    // A viewer may move nothing, so nothing is offered.
    VIEWER.req().get("/api/autopilot/issues/" + id).then().body("allowed_moves", hasSize(0));
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "ready"))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(200)
        .body("allowed_moves.to", equalTo(java.util.List.of("backlog")));
  }

  @Test
  void illegalMoveNamesTheAllowedOnes() {
    long id = Fixtures.issue("Not yet");
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "done"))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:illegal-move"))
        .body("allowed_moves", equalTo(java.util.List.of("ready")))
        .body("detail", containsString("allowed: ready"));
  }

  private static void assertProblem(Map<String, Object> body, int status, String mentioned) {
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/autopilot/issues")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("detail", containsString(mentioned))
        .body("detail", not(containsString("Exception")))
        .body("detail", not(containsString("dev.autopilot")));
  }
}
