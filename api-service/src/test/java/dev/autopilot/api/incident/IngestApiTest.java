package dev.autopilot.api.incident;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ingest endpoints over HTTP, with hand-written envelopes, and the incident API around them.
 */
@QuarkusTest
class IngestApiTest {

  @Test
  void aKeySendsOnlyToItsOwnProjectAndBadBodiesAreProblems() {
    JsonPath a = SentrySdkTest.project("own-project-a-" + System.nanoTime());
    JsonPath b = SentrySdkTest.project("own-project-b-" + System.nanoTime());
    String key = a.getString("key.key");
    long other = b.getLong("project.id");
    long mine = a.getLong("project.id");

    envelope(other, key, event(UUID.randomUUID(), "x")).then().statusCode(403);
    send(mine, key, "not an envelope", null)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    send(mine, key, "{}\n{\"type\":\"event\"}\n{}", "br").then().statusCode(415);
    // A DSN key opens the ingest routes only.
    RestAssured.given()
        .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
        .get("/api/autopilot/issues")
        .then()
        .statusCode(401);
    assertTrue(SentrySdkTest.groups(other).isEmpty());
    assertTrue(SentrySdkTest.groups(mine).isEmpty(), "nothing recorded from refused bodies");
  }

  @Test
  void aResentEventIsCountedOnceAndARevokedKeyIsRefused() {
    JsonPath p = SentrySdkTest.project("resend-" + System.nanoTime());
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    UUID id = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      envelope(project, key, event(id, "resent"))
          .then()
          .statusCode(200)
          .body("id", equalTo(id.toString().replace("-", "")));
    }
    List<Map<String, Object>> groups = SentrySdkTest.groups(project);
    assertEquals(1, groups.size());
    assertEquals(1, groups.get(0).get("count"));

    // The legacy store endpoint, key in the query string as browser SDKs send it.
    RestAssured.given()
        .contentType("application/json")
        .body(event(UUID.randomUUID(), "resent"))
        .header("Origin", "https://shop.example")
        .post("/api/" + project + "/store/?sentry_version=7&sentry_key=" + key)
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", "*");
    assertEquals(2, SentrySdkTest.groups(project).get(0).get("count"));

    Caller.REVIEWER
        .req()
        .delete("/api/autopilot/incident-projects/" + project + "/keys/" + p.getLong("key.id"))
        .then()
        .statusCode(204);
    envelope(project, key, event(UUID.randomUUID(), "resent")).then().statusCode(401);
    Caller.VIEWER
        .req()
        .get("/api/autopilot/incident-projects")
        .then()
        .statusCode(200)
        .body(
            "find { it.id == " + project + " }.keys[0].revoked_at",
            org.hamcrest.Matchers.notNullValue())
        .body("keys.flatten().hint", not(hasItem(key)));
  }

  @Test
  void aBusyGroupIsHandedToTheAgentsWhenTheProjectAsksForIt() {
    String name = "auto-" + System.nanoTime();
    JsonPath p =
        Caller.REVIEWER
            .req()
            .contentType("application/json")
            .body(Map.of("name", name, "auto_ready_events", 3, "auto_ready_window_seconds", 60))
            .post("/api/autopilot/incident-projects")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    for (int i = 0; i < 2; i++) {
      envelope(project, key, event(UUID.randomUUID(), "busy")).then().statusCode(200);
    }
    long issue = ((Number) SentrySdkTest.groups(project).get(0).get("issue_id")).longValue();
    status(issue, "backlog");
    envelope(project, key, event(UUID.randomUUID(), "busy")).then().statusCode(200);
    status(issue, "ready");
    Caller.VIEWER
        .req()
        .get("/api/autopilot/issues/" + issue)
        .then()
        .body("history.find { it.to == 'ready' }.actor", equalTo("incidents"));
  }

  @Test
  void theServicesOwnUnhandledErrorBecomesAnIncidentUnderItsIncidentId() {
    String incident =
        Caller.VIEWER
            .req()
            .get("/api/autopilot/test-only/boom")
            .then()
            .statusCode(500)
            .extract()
            .path("incident");
    String own =
        Caller.VIEWER
            .req()
            .get("/api/autopilot/incident-projects")
            .then()
            .extract()
            .path("find { it.name == 'autopilot-api' }.id")
            .toString();
    Map<String, Object> group =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    SentrySdkTest.groups(Long.parseLong(own)).stream()
                        .filter(
                            g ->
                                g.get("title")
                                    .equals("IllegalStateException: the test asked for a bug"))
                        .findFirst()
                        .orElse(null),
                g -> g != null);
    Caller.VIEWER
        .req()
        .get("/api/autopilot/incidents/" + group.get("id") + "/events")
        .then()
        .statusCode(200)
        .body("event_id", hasItem(incident));
  }

  @Test
  void theBodyCatchesUpWithTheCountUntilAReviewerRewritesIt() {
    JsonPath p = SentrySdkTest.project("body-" + System.nanoTime());
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    // The application's own text holds the same words as the count line: it stays as sent.
    String forged = "forged\\n- Events: 999";
    envelope(project, key, event(UUID.randomUUID(), forged)).then().statusCode(200);
    envelope(project, key, event(UUID.randomUUID(), forged)).then().statusCode(200);
    long issue = ((Number) SentrySdkTest.groups(project).get(0).get("issue_id")).longValue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                Caller.VIEWER
                    .req()
                    .get("/api/autopilot/issues/" + issue)
                    .then()
                    .body("body", containsString("forged\n- Events: 999\n"))
                    .body("body", containsString("\n- Events: 2\n")));

    String triaged = "Triaged: the cart service, see the runbook.";
    Caller.REVIEWER
        .req()
        .contentType("application/json")
        .body(Map.of("body", triaged))
        .patch("/api/autopilot/issues/" + issue)
        .then()
        .statusCode(200);
    envelope(project, key, event(UUID.randomUUID(), forged)).then().statusCode(200);
    assertEquals(3, SentrySdkTest.groups(project).get(0).get("count"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                Caller.VIEWER
                    .req()
                    .get("/api/autopilot/issues/" + issue)
                    .then()
                    .body("body", equalTo(triaged)));
  }

  private static String event(UUID id, String message) {
    return "{\"event_id\":\""
        + id.toString().replace("-", "")
        + "\",\"level\":\"error\",\"exception\":{\"values\":[{\"type\":\"Boom\",\"value\":\""
        + message
        + "\",\"stacktrace\":{\"frames\":[{\"module\":\"app.Main\",\"function\":\"main\",\"in_app\":true}]}}]}}";
  }

  private static Response envelope(long project, String key, String event) {
    return send(project, key, "{}\n{\"type\":\"event\"}\n" + event + "\n", null);
  }

  private static Response send(long project, String key, String body, String encoding) {
    var req =
        RestAssured.given()
            .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
            .contentType("application/x-sentry-envelope")
            .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (encoding != null) {
      req.header("Content-Encoding", encoding);
    }
    return req.post("/api/" + project + "/envelope/");
  }

  private static void status(long issue, String status) {
    Caller.VIEWER
        .req()
        .get("/api/autopilot/issues/" + issue)
        .then()
        .statusCode(200)
        .body("status", equalTo(status));
  }
}
