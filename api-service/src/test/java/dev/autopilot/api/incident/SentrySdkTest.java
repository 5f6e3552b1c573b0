package dev.autopilot.api.incident;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.sentry.Sentry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real Sentry Java SDK, pointed at the api-service by a DSN it handed out: what any JVM
 * application does to report its errors here.
 */
@QuarkusTest
class SentrySdkTest {

  @AfterEach
  void closeSdk() {
    Sentry.close();
  }

  @Test
  void fiftyCapturesAreOneIssueCountedFiftyTimesAndANewReleaseReopensIt() {
    JsonPath created = project("shop-" + System.nanoTime());
    long projectId = created.getLong("project.id");
    String dsn = created.getString("key.dsn");

    init(dsn, "shop@1.0.0");
    for (int i = 0; i < 50; i++) {
      Sentry.captureException(checkout(i));
    }
    Sentry.flush(10_000);
    Map<String, Object> group = awaitGroup(projectId, "IllegalStateException", 50);
    long issueId = ((Number) group.get("issue_id")).longValue();
    Caller.VIEWER
        .req()
        .get("/api/autopilot/issues/" + issueId)
        .then()
        .statusCode(200)
        .body("kind", equalTo("bug"))
        .body("status", equalTo("backlog"))
        .body("title", containsString("IllegalStateException: cart 0 is empty"))
        .body("body", containsString("shop@1\\.0\\.0"))
        .body("body", containsString("checkout"))
        .body("incident.count", equalTo(50))
        .body(
            "incident.events_url",
            equalTo("/api/autopilot/incidents/" + group.get("id") + "/events"));

    // The body catches up with the count once, a moment after the burst.
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                Caller.VIEWER
                    .req()
                    .get("/api/autopilot/issues/" + issueId)
                    .then()
                    .body("body", containsString("\n- Events: 50\n"))
                    .body("body", containsString("\n- Latest release: shop@1\\.0\\.0\n"))
                    .body("body", containsString("\n- Last seen: " + group.get("last_seen")))
                    .body("version", equalTo(0)));

    Sentry.captureException(new IllegalArgumentException("coupon expired"));
    Sentry.flush(10_000);
    awaitGroup(projectId, "IllegalArgumentException", 1);
    assertEquals(2, groups(projectId).size(), "a different exception is a second issue");

    // Accepted: the same release keeps counting and does not reopen it.
    TestDb.forceStatus(issueId, "DONE");
    Sentry.captureException(checkout(50));
    Sentry.flush(10_000);
    awaitGroup(projectId, "IllegalStateException", 51);
    status(issueId, "done");

    Sentry.close();
    init(dsn, "shop@1.1.0");
    Sentry.captureException(checkout(51));
    Sentry.flush(10_000);
    Map<String, Object> regressed = awaitGroup(projectId, "IllegalStateException", 52);
    assertEquals(1, regressed.get("regressions"));
    assertEquals("shop@1.1.0", regressed.get("last_release"));
    status(issueId, "backlog");
    List<String> thread =
        Caller.VIEWER
            .req()
            .get("/api/autopilot/issues/" + issueId + "/comments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("body");
    assertTrue(thread.stream().anyMatch(c -> c.startsWith("Regression")), thread.toString());
    assertEquals(2, groups(projectId).size(), "a regression reopens, it does not open another");
  }

  @Test
  void aWrongKeyIsRefusedAndRecordsNothing() {
    JsonPath created = project("wrong-key-" + System.nanoTime());
    long projectId = created.getLong("project.id");
    String dsn = created.getString("key.dsn");
    String key = created.getString("key.key");
    String wrong = dsn.replace(key, "0123456789abcdef0123456789abcdef");
    assertNotEquals(dsn, wrong);

    init(wrong, "shop@1.0.0");
    Sentry.captureException(checkout(0));
    Sentry.flush(10_000);
    RestAssured.given()
        .header(
            "X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=0123456789abcdef0123456789abcdef")
        .body("{}\n")
        .post("/api/" + projectId + "/envelope/")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    assertTrue(groups(projectId).isEmpty(), "nothing recorded with a wrong key");
  }

  private static IllegalStateException checkout(int cart) {
    return new IllegalStateException("cart " + cart + " is empty");
  }

  private static void init(String dsn, String release) {
    Sentry.init(
        o -> {
          o.setDsn(dsn);
          o.setRelease(release);
          o.setEnvironment("test");
          o.setMaxQueueSize(200);
          o.setEnableUncaughtExceptionHandler(false);
          o.setSendClientReports(false);
          o.addInAppInclude("dev.autopilot");
        });
  }

  static JsonPath project(String name) {
    return Caller.REVIEWER
        .req()
        .contentType("application/json")
        .body(Map.of("name", name))
        .post("/api/autopilot/incident-projects")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  static List<Map<String, Object>> groups(long projectId) {
    return Caller.VIEWER
        .req()
        .get("/api/autopilot/incidents?project=" + projectId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static Map<String, Object> awaitGroup(long projectId, String type, int count) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                groups(projectId).stream()
                    .filter(g -> ((String) g.get("title")).startsWith(type))
                    .filter(g -> ((Number) g.get("count")).intValue() == count)
                    .findFirst()
                    .orElse(null),
            g -> g != null);
  }

  private static void status(long issueId, String status) {
    Caller.VIEWER
        .req()
        .get("/api/autopilot/issues/" + issueId)
        .then()
        .statusCode(200)
        .body("status", equalTo(status));
  }
}
