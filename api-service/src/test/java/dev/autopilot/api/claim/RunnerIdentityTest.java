package dev.autopilot.api.claim;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A run answers only to the identity that claimed it: another runner's token (a second runner
 * deployment, or a stolen token of a lesser one) that learns a claim id and its fencing token can
 * neither report it, keep it alive, fill its log nor give it back.
 */
@QuarkusTest
class RunnerIdentityTest {

  private static final String OTHER = Caller.tokenFor("test-runner-2", Set.of("runner"));

  @Test
  void anotherRunnerIdentityCannotTouchTheRun() {
    long id = Fixtures.issue(Map.of("title", "Mine, not yours", "hand_off", true));
    Runner.Claim claim = Runner.mustClaim(id, 600);

    notFound(asOther(claim, "heartbeat", Map.of("cost_usd", 0.5)));
    notFound(asOther(claim, "events", Map.of("events", List.of(Map.of("text", "forged")))));
    notFound(
        asOther(
            claim, "result", Map.of("outcome", "implemented", "branch", "autopilot/issue-" + id)));
    notFound(asOther(claim, "release", Map.of("reason", "forged")));

    assertEquals("in_progress", status(id), "the issue is still the claimer's");
    assertEquals(
        0L,
        TestDb.count("select count(*) from run_event where run_id = ?::uuid", claim.id()),
        "no forged line in the live log");
    assertEquals(
        0L,
        TestDb.count("select count(*) from run where id = ?::uuid and cost_usd > 0", claim.id()),
        "no forged cost");

    // The claimer still can, and once reported the run stays its own: even the idempotent replay
    // of the report is not answered to another identity.
    Runner.heartbeat(claim).then().statusCode(200);
    Map<String, Object> report = Map.of("outcome", "no_changes", "summary", "nothing to do");
    Runner.report(claim, report).then().statusCode(200);
    assertEquals("in_review", status(id));
    notFound(asOther(claim, "result", report));
  }

  private static Response asOther(Runner.Claim claim, String endpoint, Map<String, Object> fields) {
    Map<String, Object> body = new HashMap<>(fields);
    body.put("fencing_token", claim.fencingToken());
    return RestAssured.given()
        .auth()
        .oauth2(OTHER)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/autopilot/runner/claims/" + claim.id() + "/" + endpoint);
  }

  private static void notFound(Response r) {
    r.then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("No such claim."));
  }

  private static String status(long id) {
    return Caller.VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().path("status");
  }
}
