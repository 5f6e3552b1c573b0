package dev.autopilot.api.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Signed outbound webhooks against a local receiver that verifies the Standard Webhooks signature:
 * every event once, under one id, and everything after a receiver outage.
 */
@QuarkusTest
class NotificationTest {

  @Test
  void everyEventPeopleMustHearAboutArrivesOnceSignedUnderOneId() {
    long blocked = Fixtures.issue(Map.of("title", "Which database?", "hand_off", true));
    Runner.report(
            Runner.mustClaim(blocked, 600),
            Map.of("outcome", "blocked", "question", "PostgreSQL or <!channel> MySQL?"))
        .then()
        .statusCode(200);
    long review = Fixtures.issue(Map.of("title", "Add a footer", "hand_off", true));
    Runner.report(
            Runner.mustClaim(review, 600),
            Map.of(
                "outcome", "implemented",
                "branch", "autopilot/issue-" + review,
                "commit", "abc1234",
                "pr_url", "https://github.example/pr/7"))
        .then()
        .statusCode(200);
    Caller.REVIEWER
        .req()
        .contentType("application/json")
        .body(Map.of("status", "done"))
        .post("/api/autopilot/issues/" + review + "/status")
        .then()
        .statusCode(200);
    long failed = Fixtures.issue(Map.of("title", "Rotate keys", "hand_off", true));
    Runner.report(
            Runner.mustClaim(failed, 600),
            Map.of(
                "outcome", "failed", "failure_reason", "auth", "failure_detail", "Not logged in"))
        .then()
        .statusCode(200);
    long incident = incidentIssue();

    Map<String, String> expected =
        Map.of(
            "issue.blocked " + blocked, "PostgreSQL or <!channel> MySQL?",
            "issue.in_review " + review, "https://github.example/pr/7",
            "issue.done " + review, "done",
            "run.failed " + failed, "auth",
            "incident.created " + incident, "Boom");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> standard(Set.of(blocked, review, failed, incident)).size() >= expected.size());
    List<JsonPath> events = standard(Set.of(blocked, review, failed, incident));
    assertEquals(
        expected.keySet(),
        events.stream().map(NotificationTest::key).collect(Collectors.toSet()),
        "each event once");
    assertEquals(expected.size(), events.size(), "nothing twice");
    for (JsonPath e : events) {
      assertTrue(e.prettify().contains(expected.get(key(e))), e.prettify());
    }
    JsonPath question =
        events.stream().filter(e -> key(e).startsWith("issue.blocked")).findFirst().orElseThrow();
    assertEquals(
        "https://autopilot.example.test/autopilot/?issue=" + blocked,
        question.getString("data.issue.url"));

    // The Slack endpoint takes blocked and done only, as text with Slack's controls escaped.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> slack(blocked).size() == 1 && slack(review).size() == 1);
    String text = JsonPath.from(slack(blocked).get(0).body()).getString("text");
    assertTrue(text.contains("&lt;!channel&gt;"), text);
    assertTrue(
        text.startsWith(
            "<https://autopilot.example.test/autopilot/?issue=" + blocked + "|DEFAULT-"),
        text);
  }

  @Test
  void aReceiverDownForAMinuteGetsEverythingOnceItIsBack() throws Exception {
    WebhookReceiver.down();
    long a;
    long b;
    try {
      a = Fixtures.issue(Map.of("title", "During the outage A", "hand_off", true));
      Runner.report(Runner.mustClaim(a, 600), Map.of("outcome", "blocked", "question", "A?"))
          .then()
          .statusCode(200);
      b = incidentIssue();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  Caller.REVIEWER
                          .req()
                          .get("/api/autopilot/notifications?state=pending&limit=500")
                          .then()
                          .extract()
                          .jsonPath()
                          .getList(
                              "findAll { it.issue_id == "
                                  + a
                                  + " && it.attempts > 0 && it.last_error != null }")
                          .size()
                      >= 1);
      Thread.sleep(60_000);
    } finally {
      WebhookReceiver.up();
    }
    long issueA = a;
    long issueB = b;
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> standard(Set.of(issueA, issueB)).size() >= 2);
    List<JsonPath> events = standard(Set.of(issueA, issueB));
    assertEquals(
        Set.of("issue.blocked " + a, "incident.created " + b),
        events.stream().map(NotificationTest::key).collect(Collectors.toSet()));
    // This test's events happened once each, so each arrived under exactly one id (a retry
    // reuses it). Other tests' issues may legitimately reach in_review several times.
    Map<String, Set<String>> idsByEvent =
        WebhookReceiver.received().stream()
            .filter(d -> d.path().equals("/hook") && d.id() != null)
            .filter(
                d ->
                    Set.of(issueA, issueB)
                        .contains(JsonPath.from(d.body()).getLong("data.issue.id")))
            .collect(
                Collectors.groupingBy(
                    d -> key(JsonPath.from(d.body())),
                    Collectors.mapping(WebhookReceiver.Delivery::id, Collectors.toSet())));
    assertEquals(2, idsByEvent.size());
    idsByEvent.forEach((event, ids) -> assertEquals(1, ids.size(), event + " under one id"));
  }

  /** The signed standard deliveries about these issues; an unsigned one fails the test. */
  private static List<JsonPath> standard(Set<Long> issues) {
    return WebhookReceiver.received().stream()
        .filter(d -> d.path().equals("/hook"))
        .peek(d -> assertTrue(d.signatureValid(), "signature of " + d.body()))
        .map(d -> JsonPath.from(d.body()))
        .filter(j -> issues.contains(j.getLong("data.issue.id")))
        .toList();
  }

  private static List<WebhookReceiver.Delivery> slack(long issue) {
    return WebhookReceiver.received().stream()
        .filter(d -> d.path().equals("/slack"))
        .filter(d -> d.body().contains("issue=" + issue + "|"))
        .toList();
  }

  private static String key(JsonPath event) {
    return event.getString("type") + " " + event.getLong("data.issue.id");
  }

  private static long incidentIssue() {
    JsonPath p =
        Caller.REVIEWER
            .req()
            .contentType("application/json")
            .body(Map.of("name", "notify-" + System.nanoTime()))
            .post("/api/autopilot/incident-projects")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String event =
        "{\"event_id\":\""
            + UUID.randomUUID().toString().replace("-", "")
            + "\",\"exception\":{\"values\":[{\"type\":\"Boom\",\"value\":\"down\"}]}}";
    RestAssured.given()
        .header("X-Sentry-Auth", "Sentry sentry_key=" + p.getString("key.key"))
        .body(
            ("{}\n{\"type\":\"event\"}\n" + event)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/api/" + p.getLong("project.id") + "/envelope/")
        .then()
        .statusCode(200);
    return ((Number)
            Caller.VIEWER
                .req()
                .get("/api/autopilot/incidents?project=" + p.getLong("project.id"))
                .then()
                .extract()
                .jsonPath()
                .getList("issue_id")
                .get(0))
        .longValue();
  }
}
