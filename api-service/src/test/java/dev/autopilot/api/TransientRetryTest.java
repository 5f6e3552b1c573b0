package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.Runner.Claim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transient model API failure sends the issue back to ready after a backoff (test: 0.2 s, then
 * four times longer each time), counted; after three in a row the next goes to a person.
 */
@QuarkusTest
class TransientRetryTest {

  private static final Map<String, Object> OVERLOADED =
      Map.of(
          "outcome", "failed",
          "failure_reason", "transient",
          "failure_detail", "API Error: 529 Overloaded");

  @Test
  void transientFailuresRetryWithBackoffThenAPersonDecides() {
    long id = Fixtures.issue(Map.of("title", "busy model", "hand_off", true));
    for (int retry = 1; retry <= 3; retry++) {
      Claim claim = await().atMost(Duration.ofSeconds(10)).until(() -> claim(id), c -> c != null);
      Runner.report(claim, OVERLOADED).then().statusCode(200);
      JsonPath issue = detail(id);
      assertEquals("ready", issue.getString("status"), "retry " + retry);
      assertEquals(retry, issue.getInt("transient_retries"));
      assertTrue(issue.getString("not_before") != null);
      assertTrue(
          issue.getString("comments[-1].body").contains("(retry " + retry + " of 3)"),
          issue.getString("comments[-1].body"));
      if (retry == 3) {
        // 0.2 s × 4 × 4 = 3.2 s: not claimable at once.
        assertEquals(409, Runner.claim(id, 600).statusCode(), "the backoff holds");
      }
    }
    Claim last = await().atMost(Duration.ofSeconds(10)).until(() -> claim(id), c -> c != null);
    Runner.report(last, OVERLOADED).then().statusCode(200);
    JsonPath issue = detail(id);
    assertEquals("blocked", issue.getString("status"), "the fourth goes to a person");
    assertTrue(issue.getString("comments[-1].body").contains("failed (transient)"));
  }

  @Test
  void aSuccessResetsTheCount() {
    long id = Fixtures.issue(Map.of("title", "busy then fine", "hand_off", true));
    Claim first = Runner.mustClaim(id, 600);
    Runner.report(first, OVERLOADED).then().statusCode(200);
    Claim second = await().atMost(Duration.ofSeconds(10)).until(() -> claim(id), c -> c != null);
    Runner.report(second, Map.of("outcome", "no_changes")).then().statusCode(200);
    assertEquals(0, detail(id).getInt("transient_retries"));
  }

  private static Claim claim(long id) {
    var r = Runner.claim(id, 600);
    return r.statusCode() == 200 ? Runner.parse(r) : null;
  }

  private static JsonPath detail(long id) {
    return VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().jsonPath();
  }
}
