package dev.autopilot.api.budget;

import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.Runner.Claim;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A forged cost (the agent can write to its CLI's stdout) neither stops the day's claims nor
 * overflows the column: a runner's figure is bounded, and the CLI's own is shown, never charged.
 */
@QuarkusTest
class ForgedCostTest {

  @Test
  void anImplausibleHeartbeatCostIsRefusedWithAProblemAndChargesNothing() {
    long id = Fixtures.issue(Map.of("title", "forged heartbeat", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    for (Object forged : new Object[] {1e7, 1e9, -5, 1e300}) {
      Runner.post(claim, "heartbeat", Map.of("cost_usd", forged))
          .then()
          .statusCode(422)
          .contentType("application/problem+json")
          .body("type", org.hamcrest.Matchers.endsWith("implausible-cost"));
    }
    Runner.post(claim, "heartbeat", Map.of("cost_usd", 0.2)).then().statusCode(200);
    VIEWER.req().get("/api/autopilot/runs/" + claim.id()).then().body("cost_usd", equalTo(0.2f));
  }

  @Test
  void aReportKeepsTheMeteredCostAndShowsTheClisDifferingFigure() {
    long id = Fixtures.issue(Map.of("title", "forged stdout", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    Runner.report(
            claim,
            Map.of(
                "outcome",
                "implemented",
                "branch",
                "b",
                "cost_usd",
                0.31,
                "reported_cost_usd",
                1e9))
        .then()
        .statusCode(200);
    VIEWER
        .req()
        .get("/api/autopilot/runs/" + claim.id())
        .then()
        .body("cost_usd", equalTo(0.31f))
        .body("reported_cost_usd", equalTo(9.99999999E7f));
    assertEquals(
        "in_review",
        VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().path("status"));

    long other = Fixtures.issue(Map.of("title", "forged report", "hand_off", true));
    Claim second = Runner.mustClaim(other, 600);
    Runner.report(second, Map.of("outcome", "implemented", "branch", "b", "cost_usd", 1e8))
        .then()
        .statusCode(200);
    VIEWER
        .req()
        .get("/api/autopilot/runs/" + second.id())
        .then()
        .body("cost_usd", nullValue())
        .body("outcome", equalTo("implemented"));
  }
}
