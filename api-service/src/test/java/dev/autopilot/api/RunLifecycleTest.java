package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.REVIEWER;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.Runner.Claim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A claim from grant to report: leases, fencing, idempotency, cancel, progress. */
@QuarkusTest
class RunLifecycleTest {

  @Test
  void anExpiredLeaseReturnsTheIssueAndFencesOffTheLateReport() {
    long id = Fixtures.issue(Map.of("title", "runner will die", "hand_off", true));
    Claim first = Runner.mustClaim(id, 1);
    assertEquals(1, first.attempt());
    await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("ready"));
    JsonPath issue = detail(id);
    assertTrue(
        issue.getList("comments.body", String.class).stream()
            .anyMatch(b -> b.contains("stopped heart-beating")));
    assertEquals("system", issue.getString("history[-1].actor_kind"));

    Claim second = Runner.mustClaim(id, 600);
    assertEquals(2, second.attempt());
    assertTrue(second.fencingToken() > first.fencingToken());
    Runner.report(first, Map.of("outcome", "implemented", "branch", "autopilot/issue-" + id))
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:autopilot:problem:stale-claim"));
    Runner.heartbeat(first).then().statusCode(409);
    assertEquals("in_progress", status(id));
    assertEquals(null, detail(id).getString("branch"));
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + id + "/runs")
        .then()
        .body("state", equalTo(List.of("expired", "running")))
        .body("[0].failure_reason", equalTo("lease_expired"));
  }

  @Test
  void afterTooManyAttemptsAHumanDecides() {
    long id = Fixtures.issue(Map.of("title", "keeps crashing", "hand_off", true));
    for (int attempt = 1; attempt <= 3; attempt++) {
      Runner.mustClaim(id, 1);
      String expected = attempt < 3 ? "ready" : "blocked";
      await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals(expected));
    }
    Runner.claim(id, 600).then().statusCode(409);
  }

  @Test
  void aReleasedClaimIsQueuedAgainAtOnceAndIsOver() {
    long id = Fixtures.issue(Map.of("title", "runner shuts down", "hand_off", true));
    Claim first = Runner.mustClaim(id, 600);
    Runner.release(first, "the runner is shutting down")
        .then()
        .statusCode(200)
        .body("state", equalTo("released"))
        .body("outcome", org.hamcrest.Matchers.nullValue())
        .body("failure_detail", equalTo("the runner is shutting down"));
    // No waiting for the 600 s lease: the issue is ready now.
    assertEquals("ready", status(id));
    assertTrue(
        detail(id).getList("comments.body", String.class).stream()
            .anyMatch(b -> b.contains("gave the issue back") && b.contains("shutting down")));
    Runner.release(first, "again").then().statusCode(409);
    Runner.heartbeat(first).then().statusCode(409);
    Runner.report(first, Map.of("outcome", "implemented")).then().statusCode(409);
    Claim second = Runner.mustClaim(id, 600);
    assertEquals(2, second.attempt());
    Runner.release(new Claim(second.id(), first.fencingToken(), id, 2, null), "forged")
        .then()
        .statusCode(409);
    assertEquals("in_progress", status(id));
  }

  @Test
  void heartbeatsKeepTheClaim() throws Exception {
    long id = Fixtures.issue(Map.of("title", "long job", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 2);
    for (int i = 0; i < 4; i++) {
      Thread.sleep(1000);
      Runner.heartbeat(claim).then().statusCode(200);
    }
    assertEquals("in_progress", status(id));
  }

  @Test
  void anImplementedReportGoesToReviewOnceEvenWhenRetried() {
    long id = Fixtures.issue(Map.of("title", "add a flag", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    assertEquals("add a flag", claim.body().getString("issue.title"));
    Map<String, Object> report =
        Map.ofEntries(
            Map.entry("outcome", "implemented"),
            Map.entry("branch", "autopilot/issue-" + id),
            Map.entry("commit", "abc123"),
            Map.entry("summary", "Added --flag"),
            Map.entry("diff_stat", " a.txt | 1 +"),
            Map.entry("patch", "+hello\n"),
            Map.entry("cost_usd", 0.12),
            Map.entry("turns", 4),
            Map.entry("tokens", 1234),
            Map.entry("duration_ms", 5000),
            Map.entry("session_id", "sess-1"));
    Runner.report(claim, report).then().statusCode(200).body("outcome", equalTo("implemented"));
    Runner.report(claim, report).then().statusCode(200);
    Runner.report(claim, Map.of("outcome", "failed")).then().statusCode(409);
    JsonPath issue = detail(id);
    assertEquals("in_review", issue.getString("status"));
    assertEquals("autopilot/issue-" + id, issue.getString("branch"));
    assertEquals("Added --flag", issue.getString("result"));
    assertEquals(1, issue.getList("history.findAll { it.to == 'in_review' }").size());
    assertEquals("agent", issue.getString("comments[-1].author_kind"));
    String runId = claim.id();
    VIEWER
        .req()
        .get("/api/autopilot/runs/" + runId)
        .then()
        .statusCode(200)
        .body("patch", equalTo("+hello\n"))
        .body("turns", equalTo(4))
        .body("cost_usd", equalTo(0.12f));
  }

  @Test
  void aBlockedRunAsksAndTheAnswerRequeuesWithTheSession() {
    long id = Fixtures.issue(Map.of("title", "which db?", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    Runner.report(
            claim,
            Map.of("outcome", "blocked", "question", "PostgreSQL or MySQL?", "session_id", "s-9"))
        .then()
        .statusCode(200);
    JsonPath issue = detail(id);
    assertEquals("blocked", issue.getString("status"));
    assertEquals("PostgreSQL or MySQL?", issue.getString("comments[-1].body"));
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("body", "PostgreSQL"))
        .post("/api/autopilot/issues/" + id + "/comments")
        .then()
        .statusCode(201);
    Claim again = Runner.mustClaim(id, 600);
    assertEquals("s-9", again.body().getString("previous.session_id"));
    assertEquals("blocked", again.body().getString("previous.outcome"));
    assertEquals("PostgreSQL", again.body().getString("issue.thread[-1].body"));
  }

  @Test
  void aFailedRunIsBlockedWithTheReason() {
    long id = Fixtures.issue(Map.of("title", "no creds", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    Runner.report(
            claim,
            Map.of(
                "outcome", "failed", "failure_reason", "auth", "failure_detail", "Not logged in"))
        .then()
        .statusCode(200);
    JsonPath issue = detail(id);
    assertEquals("blocked", issue.getString("status"));
    assertTrue(issue.getString("comments[-1].body").contains("auth"));
    assertEquals("system", issue.getString("comments[-1].author_kind"));
  }

  @Test
  void aCancelledRunLearnsItAtTheNextHeartbeat() {
    long id = Fixtures.issue(Map.of("title", "wrong idea", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "backlog", "reason", "not now"))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(200);
    Runner.heartbeat(claim)
        .then()
        .statusCode(410)
        .body("type", equalTo("urn:autopilot:problem:claim-cancelled"));
    Runner.report(claim, Map.of("outcome", "implemented")).then().statusCode(410);
    assertEquals("backlog", status(id));
  }

  @Test
  void progressLinesAreKeptInOrder() {
    long id = Fixtures.issue(Map.of("title", "chatty", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    Runner.events(
            claim,
            List.of(
                Map.of("kind", "text", "text", "Reading the code"),
                Map.of("kind", "tool", "text", "Edit a.txt"),
                Map.of("kind", "denied", "text", "Bash(git commit) denied")))
        .then()
        .statusCode(200)
        .body("accepted", equalTo(3));
    VIEWER
        .req()
        .get("/api/autopilot/runs/" + claim.id() + "/events?after=0")
        .then()
        .statusCode(200)
        .body("seq", equalTo(List.of(1, 2)))
        .body("kind", hasItem("denied"));
    Runner.events(claim, List.of(Map.of("kind", "x", "text", "y"))).then().statusCode(200);
    Runner.claim(null, 600); // unrelated claims do not disturb this run
    Runner.events(
            new Claim(claim.id(), claim.fencingToken() + 1, id, 1, null),
            List.of(Map.of("kind", "x", "text", "forged")))
        .then()
        .statusCode(409);
  }

  @Test
  void numberedLinesResentAfterAnOutageAreStoredOnceAndDropsAreCounted() {
    long id = Fixtures.issue(Map.of("title", "resent", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    List<Map<String, String>> three = List.of(line("a"), line("b"), line("c")); // seq 0..2
    Runner.post(claim, "events", Map.of("events", three, "first_seq", 0)).then().statusCode(200);
    // The answer was lost: the runner sends the same lines, plus one.
    Runner.post(
            claim,
            "events",
            Map.of("events", List.of(line("b"), line("c"), line("d")), "first_seq", 1))
        .then()
        .body("accepted", equalTo(1));
    // Its buffer filled: lines 4..5 were dropped, the next batch starts at 6.
    Runner.post(claim, "events", Map.of("events", List.of(line("g")), "first_seq", 6, "dropped", 2))
        .then()
        .body("accepted", equalTo(1));
    JsonPath events =
        VIEWER
            .req()
            .get("/api/autopilot/runs/" + claim.id() + "/events")
            .then()
            .extract()
            .jsonPath();
    assertEquals(List.of(0, 1, 2, 3, 6), events.getList("seq", Integer.class));
    assertEquals(List.of("a", "b", "c", "d", "g"), events.getList("text", String.class));
    assertEquals(
        2,
        VIEWER.req().get("/api/autopilot/runs/" + claim.id()).jsonPath().getInt("events_dropped"));
    Runner.post(claim, "events", Map.of("events", List.of(), "first_seq", -1))
        .then()
        .statusCode(400);
  }

  private static Map<String, String> line(String text) {
    return Map.of("kind", "text", "text", text);
  }

  private static String status(long id) {
    return detail(id).getString("status");
  }

  private static JsonPath detail(long id) {
    return VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().jsonPath();
  }
}
