package dev.autopilot.api.project;

import static dev.autopilot.api.project.ProjectApiTest.create;
import static dev.autopilot.api.project.ProjectApiTest.freshKey;
import static dev.autopilot.api.testing.Caller.ANONYMOUS;
import static dev.autopilot.api.testing.Caller.REVIEWER;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issues belong to one project: numbered in it, named by its ref, listed and counted per project.
 */
@QuarkusTest
class ProjectIssuesTest {

  private static final String ISSUES = "/api/autopilot/issues";

  @Test
  void issuesAreNumberedPerProjectAndNamedByRefOrGlobalId() {
    String a = freshKey();
    String b = freshKey();
    create(Map.of("key", a, "name", "A")).then().statusCode(201);
    create(Map.of("key", b, "name", "B")).then().statusCode(201);
    long a1 = issue(a, "first of A");
    long b1 = issue(b, "first of B");
    long a2 = issue(a, "second of A");
    String refA = a.toUpperCase();

    VIEWER
        .req()
        .get(ISSUES + "/" + refA + "-2")
        .then()
        .statusCode(200)
        .body("id", equalTo((int) a2))
        .body("ref", equalTo(refA + "-2"))
        .body("project", equalTo(a))
        .body("number", equalTo(2));
    VIEWER.req().get(ISSUES + "/" + a + "-1").then().statusCode(200).body("id", equalTo((int) a1));
    VIEWER
        .req()
        .get(ISSUES + "/" + b1)
        .then()
        .statusCode(200)
        .body("ref", equalTo(b.toUpperCase() + "-1"));
    // Every route that names an issue takes the ref.
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("body", "By ref"))
        .post(ISSUES + "/" + refA + "-1/comments")
        .then()
        .statusCode(201);
    VIEWER
        .req()
        .get(ISSUES + "/" + refA + "-1/comments")
        .then()
        .statusCode(200)
        .body("[0].body", equalTo("By ref"));
    VIEWER.req().get(ISSUES + "/" + refA + "-1/runs").then().statusCode(200);
    VIEWER.req().get(ISSUES + "/" + refA + "-1/attachments").then().statusCode(200);
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "ready"))
        .post(ISSUES + "/" + refA + "-1/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("ready"));

    for (String missing :
        List.of(refA + "-99", "NOPE-1", "..%2F1", "1-1", "a" + "b".repeat(30) + "-1")) {
      VIEWER
          .req()
          .urlEncodingEnabled(false)
          .get(ISSUES + "/" + missing)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
  }

  @Test
  void listsCountsAndSearchAreScopedToTheProjectAsked() {
    String a = freshKey();
    String b = freshKey();
    create(Map.of("key", a, "name", "A")).then().statusCode(201);
    create(Map.of("key", b, "name", "B")).then().statusCode(201);
    issue(a, "Scoped words");
    issue(a, "Scoped words again");
    long onB = issue(b, "Scoped words");

    VIEWER
        .req()
        .queryParam("project", a)
        .get(ISSUES)
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(2))
        .body("counts.backlog", equalTo(2));
    VIEWER
        .req()
        .queryParam("project", b)
        .queryParam("q", "scoped")
        .get(ISSUES)
        .then()
        .body("items.id", equalTo(List.of((int) onB)));
    VIEWER
        .req()
        .queryParam("project", b)
        .queryParam("q", "#1")
        .get(ISSUES)
        .then()
        .body("items.id", equalTo(List.of((int) onB)));
    VIEWER
        .req()
        .queryParam("q", b.toUpperCase() + "-1")
        .get(ISSUES)
        .then()
        .body("items.id", equalTo(List.of((int) onB)));
    VIEWER
        .req()
        .queryParam("project", "nosuch")
        .get(ISSUES)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void anIssueThatNamesNoProjectLandsInTheDefaultOneAndAnUnknownProjectIsRefused() {
    long id = Fixtures.issue("No project named");
    String ref =
        VIEWER
            .req()
            .get(ISSUES + "/" + id)
            .then()
            .statusCode(200)
            .body("project", equalTo("default"))
            .extract()
            .path("ref");
    assertEquals("DEFAULT-", ref.substring(0, 8));
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("project", "nosuch", "title", "x"))
        .post(ISSUES)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("does not exist"));
  }

  @Test
  void feedbackNamesItsProjectWhoseOwnOriginsMayPost() {
    String a = freshKey();
    String b = freshKey();
    create(Map.of("key", a, "name", "A", "feedback_origins", List.of("https://a-only.example")))
        .then()
        .statusCode(201);
    create(Map.of("key", b, "name", "B")).then().statusCode(201);
    ANONYMOUS
        .req()
        .header("Origin", "https://a-only.example")
        .header("X-Forwarded-For", "10.9.0.1")
        .contentType(ContentType.JSON)
        .body(Map.of("message", "The cart button is gone"))
        .post("/api/autopilot/feedback?project=" + a)
        .then()
        .statusCode(201)
        .header("Access-Control-Allow-Origin", "https://a-only.example")
        .body("ref", equalTo(a.toUpperCase() + "-1"));
    ANONYMOUS
        .req()
        .header("Origin", "https://a-only.example")
        .header("Access-Control-Request-Method", "POST")
        .options("/api/autopilot/feedback?project=" + b)
        .then()
        .statusCode(403)
        .header("Access-Control-Allow-Origin", nullValue());
    ANONYMOUS
        .req()
        .header("Origin", "https://a-only.example")
        .header("X-Forwarded-For", "10.9.0.1")
        .contentType(ContentType.JSON)
        .body(Map.of("message", "The cart button is gone"))
        .post("/api/autopilot/feedback?project=" + b)
        .then()
        .statusCode(403);
    // Same words on B's own site are B's report, not a duplicate of A's.
    ANONYMOUS
        .req()
        .header("X-Forwarded-For", "10.9.0.1")
        .contentType(ContentType.JSON)
        .body(Map.of("message", "The cart button is gone"))
        .post("/api/autopilot/feedback?project=" + b)
        .then()
        .statusCode(201)
        .body("ref", equalTo(b.toUpperCase() + "-1"))
        .body("merged", equalTo(false));
    ANONYMOUS
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("message", "hello"))
        .post("/api/autopilot/feedback?project=nosuch")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    VIEWER
        .req()
        .queryParam("project", a)
        .get(ISSUES)
        .then()
        .body("items[0].kind", equalTo("feedback"))
        .body("items[0].status", equalTo("backlog"));
  }

  private static long issue(String project, String title) {
    return REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("project", project, "title", title))
        .post(ISSUES)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }
}
