package dev.autopilot.api.budget;

import static dev.autopilot.api.testing.Caller.REVIEWER;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.Runner.Claim;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spend caps stop work: per issue (test cap: $1) and per day. */
@QuarkusTest
class BudgetTest {

  @Test
  void aRunWhoseLiveCostPassesTheCapIsStoppedAtItsHeartbeatAndAnAnswerGrantsMore() {
    long id = Fixtures.issue(Map.of("title", "expensive", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    Runner.post(claim, "heartbeat", Map.of("cost_usd", 0.4)).then().statusCode(200);
    assertEquals(0.4f, spend(id).getFloat("spend.spent_usd"));
    Runner.post(claim, "heartbeat", Map.of("cost_usd", 0.3)).then().statusCode(200); // not less
    Runner.post(claim, "heartbeat", Map.of("cost_usd", 1.25))
        .then()
        .statusCode(410)
        .contentType("application/problem+json")
        .body("type", org.hamcrest.Matchers.endsWith("over-budget"));
    JsonPath issue = spend(id);
    assertEquals("blocked", issue.getString("status"));
    assertEquals("budget", issue.getString("blocked_reason"));
    assertEquals(1.25f, issue.getFloat("spend.spent_usd"));
    assertTrue(issue.getString("comments[-1].body").contains("$1.25 of its $1.00 cap"));
    VIEWER
        .req()
        .get("/api/autopilot/runs/" + claim.id())
        .then()
        .body("state", equalTo("cancelled"))
        .body("failure_reason", equalTo("budget"));
    Runner.heartbeat(claim).then().statusCode(410); // the runner learns it too, if it asks again

    // Answering grants one more cap's worth: the issue is queued and claimable again.
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("body", "Fine, spend another dollar."))
        .post("/api/autopilot/issues/" + id + "/comments")
        .then()
        .statusCode(201);
    issue = spend(id);
    assertEquals("ready", issue.getString("status"));
    assertEquals(2.25f, issue.getFloat("spend.cap_usd"));
    assertEquals(null, issue.getString("blocked_reason"));
    Claim again = Runner.mustClaim(id, 600);
    Runner.report(again, Map.of("outcome", "implemented", "branch", "b", "cost_usd", 0.5))
        .then()
        .statusCode(200);
    assertEquals(1.75f, spend(id).getFloat("spend.spent_usd"));
  }

  @Test
  void anIssueOverItsCapIsNeverQueuedNorClaimed() {
    long id = Fixtures.issue(Map.of("title", "spent it all", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    Runner.report(claim, Map.of("outcome", "implemented", "branch", "b", "cost_usd", 1.5))
        .then()
        .statusCode(200);
    assertEquals("in_review", spend(id).getString("status"));
    REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "ready", "instructions", "try again"))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(200);
    JsonPath issue = spend(id);
    assertEquals("blocked", issue.getString("status"));
    assertEquals("budget", issue.getString("blocked_reason"));
    assertTrue(
        issue.getList("comments.body", String.class).stream()
            .anyMatch(b -> b.startsWith("Not queued: this issue has spent $1.50 of its $1.00")));
    // Even forced back to ready behind the API's back, the claim statement refuses it.
    TestDb.forceStatus(id, "READY");
    Runner.claim(id, 600).then().statusCode(409);
  }

  @Test
  void atTheDailyCapNoClaimIsGrantedUntilItIsLifted() {
    long id = Fixtures.issue(Map.of("title", "after hours", "hand_off", true));
    TestDb.update(
        "insert into spend_day (day, usd) values ((now() at time zone 'UTC')::date, 100000)"
            + " on conflict (day) do update set usd = spend_day.usd + 100000");
    try {
      await().atMost(Duration.ofSeconds(10)).until(BudgetTest::paused);
      Runner.claim(id, 600)
          .then()
          .statusCode(409)
          .body("type", org.hamcrest.Matchers.endsWith("daily-budget"));
      assertEquals(204, Runner.claim(null, 600).statusCode(), "no claim of any issue either");
      VIEWER
          .req()
          .get("/api/autopilot/budget")
          .then()
          .statusCode(200)
          .body("per_day_usd", equalTo(250))
          .body("per_issue_usd", equalTo(1));
      assertEquals("ready", spend(id).getString("status"), "it waits in ready");
    } finally {
      TestDb.update(
          "update spend_day set usd = usd - 100000 where day = (now() at time zone 'UTC')::date");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !paused());
    Runner.mustClaim(id, 600);
  }

  private static boolean paused() {
    return VIEWER.req().get("/api/autopilot/budget").jsonPath().getBoolean("paused");
  }

  private static JsonPath spend(long id) {
    return VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().jsonPath();
  }
}
