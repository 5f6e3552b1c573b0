package dev.autopilot.api.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;

/** Calls the runner API the way a runner-worker does. */
public final class Runner {

  private static final String CLAIMS = "/api/autopilot/runner/claims";

  private Runner() {}

  /** A won claim. */
  public record Claim(String id, long fencingToken, long issueId, int attempt, JsonPath body) {}

  /** Claims {@code issueId} (or the best candidate when null); the raw response. */
  public static Response claim(Long issueId, Integer leaseSeconds) {
    return claim(issueId, leaseSeconds, "test-runner", null);
  }

  /**
   * Claims as {@code runnerId}, saying whether its agents run in the OS sandbox (null: omitted, as
   * an older runner does); the raw response.
   */
  public static Response claim(
      Long issueId, Integer leaseSeconds, String runnerId, Boolean sandboxed) {
    Map<String, Object> body = new HashMap<>();
    body.put("runner_id", runnerId);
    if (sandboxed != null) {
      body.put("sandboxed", sandboxed);
    }
    if (issueId != null) {
      body.put("issue_id", issueId);
    }
    if (leaseSeconds != null) {
      body.put("lease_seconds", leaseSeconds);
    }
    return Caller.RUNNER.req().contentType(ContentType.JSON).body(body).post(CLAIMS);
  }

  /** Claims and expects to win. */
  public static Claim mustClaim(Long issueId, Integer leaseSeconds) {
    Response r = claim(issueId, leaseSeconds);
    r.then().statusCode(200);
    return parse(r);
  }

  public static Claim parse(Response r) {
    JsonPath json = r.jsonPath();
    return new Claim(
        json.getString("claim_id"),
        json.getLong("fencing_token"),
        json.getLong("issue.id"),
        json.getInt("attempt"),
        json);
  }

  /** Claims everything that is ready, so a test starts from an empty queue. */
  public static int drain() {
    int n = 0;
    while (claim(null, 600).statusCode() == 200) {
      n++;
    }
    return n;
  }

  public static Response heartbeat(Claim claim) {
    return post(claim, "heartbeat", Map.of());
  }

  public static Response report(Claim claim, Map<String, Object> fields) {
    return post(claim, "result", fields);
  }

  public static Response release(Claim claim, String reason) {
    return post(claim, "release", Map.of("reason", reason));
  }

  public static Response events(Claim claim, Object events) {
    return post(claim, "events", Map.of("events", events));
  }

  /** POSTs {@code fields} (plus the claim's fencing token unless given) to a claim endpoint. */
  public static Response post(Claim claim, String endpoint, Map<String, Object> fields) {
    Map<String, Object> body = new HashMap<>(fields);
    body.putIfAbsent("fencing_token", claim.fencingToken());
    return Caller.RUNNER
        .req()
        .contentType(ContentType.JSON)
        .body(body)
        .post(CLAIMS + "/" + claim.id() + "/" + endpoint);
  }
}
