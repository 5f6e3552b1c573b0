package dev.autopilot.api.project;

import static dev.autopilot.api.project.ProjectApiTest.create;
import static dev.autopilot.api.project.ProjectApiTest.freshKey;
import static dev.autopilot.api.testing.Caller.REVIEWER;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles granted in one project ({@code autopilot:<key>:<role>}): someone with no role in a project
 * finds nothing of it (404, never 403), in lists, counts, search and the live stream either; a
 * project viewer reads and may not write; global roles still reach every project.
 */
@QuarkusTest
class ProjectRolesTest {

  private String a;
  private String b;
  private long onA;
  private long onB;
  private String attachmentOnB;

  @BeforeEach
  void twoProjects() {
    a = freshKey();
    b = freshKey();
    create(Map.of("key", a, "name", "A")).then().statusCode(201);
    create(Map.of("key", b, "name", "B")).then().statusCode(201);
    onA =
        issue(REVIEWER.req(), a, "Visible on A")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    onB =
        issue(REVIEWER.req(), b, "Secret on B")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    attachmentOnB =
        REVIEWER
            .req()
            .multiPart("file", "b.txt", "b".getBytes(), "text/plain")
            .post("/api/autopilot/issues/" + onB + "/attachments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
  }

  @Test
  void aViewerOfOneProjectFindsNothingOfAnother() {
    String viewer = token("viewer-of-a", "autopilot:" + a + ":viewer");
    String refB = b.toUpperCase() + "-1";
    for (String path :
        List.of(
            "/api/autopilot/issues/" + onB,
            "/api/autopilot/issues/" + refB,
            "/api/autopilot/issues/" + onB + "/comments",
            "/api/autopilot/issues/" + onB + "/attachments",
            "/api/autopilot/issues/" + onB + "/runs",
            "/api/autopilot/uploads/" + attachmentOnB,
            "/api/autopilot/projects/" + b,
            "/api/autopilot/issues?project=" + b)) {
      req(viewer).get(path).then().statusCode(404).contentType("application/problem+json");
    }
    req(viewer).get("/api/autopilot/issues/" + onA).then().statusCode(200);
    req(viewer)
        .get("/api/autopilot/issues")
        .then()
        .statusCode(200)
        .body("items.project", everyItem(equalTo(a)))
        .body("counts.backlog", equalTo(1));
    req(viewer).queryParam("q", refB).get("/api/autopilot/issues").then().body("items", empty());
    req(viewer)
        .queryParam("q", "Secret")
        .get("/api/autopilot/issues")
        .then()
        .body("items", empty());
    req(viewer).get("/api/autopilot/projects").then().body("key", equalTo(List.of(a)));

    // Reading is not writing: a viewer of A may not change A's issues, and B does not exist for
    // them.
    req(viewer)
        .contentType(ContentType.JSON)
        .body(Map.of("body", "hi"))
        .post("/api/autopilot/issues/" + onA + "/comments")
        .then()
        .statusCode(403);
    // A reviewer of A writing to B finds no such issue.
    req(token("reviewer-of-a", "autopilot:" + a + ":reviewer"))
        .contentType(ContentType.JSON)
        .body(Map.of("body", "hi"))
        .post("/api/autopilot/issues/" + onB + "/comments")
        .then()
        .statusCode(404);
    issue(req(viewer), a, "x").then().statusCode(403);
  }

  @Test
  void aReviewerOfOneProjectWritesThereOnlyAndIsOfferedMovesThereOnly() {
    String mixed = token("mixed", "autopilot:" + a + ":reviewer", "autopilot:" + b + ":viewer");
    issue(req(mixed), a, "Filed on A").then().statusCode(201);
    issue(req(mixed), b, "Filed on B").then().statusCode(403);
    req(mixed).get("/api/autopilot/issues/" + onA).then().body("allowed_moves", not(empty()));
    req(mixed)
        .get("/api/autopilot/issues/" + onB)
        .then()
        .statusCode(200)
        .body("allowed_moves", empty());
    req(mixed)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "ready"))
        .post("/api/autopilot/issues/" + onB + "/status")
        .then()
        .statusCode(403);
    req(mixed)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "ready"))
        .post("/api/autopilot/issues/" + onA + "/status")
        .then()
        .statusCode(200);
    // Global roles still reach every project.
    REVIEWER.req().get("/api/autopilot/issues/" + onB).then().statusCode(200);
  }

  @Test
  void anotherProjectsMovesNeverReachTheLiveStream() throws Exception {
    String token = Caller.tokenFor("stream-of-a", Set.of("autopilot:" + a + ":viewer"));
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/autopilot/events"))
            .header("Authorization", "Bearer " + token)
            .build();
    var stream =
        HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .thenAccept(r -> r.body().forEach(lines::add));
    try {
      Thread.sleep(500); // subscribed
      move(onB);
      move(onA);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lines.stream().noneMatch(l -> l.contains("\"issue_id\":" + onA))
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(lines.stream().anyMatch(l -> l.contains("\"issue_id\":" + onA)), lines.toString());
      assertFalse(
          lines.stream().anyMatch(l -> l.contains("\"issue_id\":" + onB)), lines.toString());
    } finally {
      stream.cancel(true);
    }
  }

  private static void move(long id) {
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "ready"))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(200);
  }

  private static io.restassured.response.Response issue(
      RequestSpecification req, String project, String title) {
    return req.contentType(ContentType.JSON)
        .body(Map.of("project", project, "title", title))
        .post("/api/autopilot/issues");
  }

  private static String token(String user, String... roles) {
    return Caller.tokenFor(user, Set.of(roles));
  }

  private static RequestSpecification req(String token) {
    return RestAssured.given().auth().oauth2(token);
  }
}
