package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The security policy: a runner whose operator turned the agent's OS sandbox off
 * (AUTOPILOT_AGENT_SANDBOX=off) is marked on its runs and named in the queue view.
 */
@QuarkusTest
class SandboxOptOutTest {

  @Test
  void anUnsandboxedClaimMarksItsRunAndNamesTheRunnerForADay() {
    String host = "bare-" + System.nanoTime();
    long id = Fixtures.issue(Map.of("title", "run without a sandbox", "hand_off", true));
    Response r = Runner.claim(id, 600, host + "/slot-2", false);
    r.then().statusCode(200);
    Runner.Claim claim = Runner.parse(r);

    assertEquals(Boolean.FALSE, run(claim.id()).get("sandboxed"));
    JsonPath runs = VIEWER.req().get("/api/autopilot/issues/" + id + "/runs").jsonPath();
    assertEquals(Boolean.FALSE, runs.get("[-1].sandboxed"));
    assertTrue(unsandboxedRunners().contains(host), "named without its slot");
    assertFalse(unsandboxedRunners().contains(host + "/slot-2"));

    Runner.report(claim, Map.of("outcome", "no_changes")).then().statusCode(200);
    assertTrue(unsandboxedRunners().contains(host), "a finished run is still named");

    TestDb.update(
        "update run set claimed_at = now() - interval '25 hours' where id = ?",
        UUID.fromString(claim.id()));
    assertFalse(unsandboxedRunners().contains(host), "a day later it is not");
    TestDb.update("update run set state = 'RUNNING' where id = ?", UUID.fromString(claim.id()));
    assertTrue(unsandboxedRunners().contains(host), "a run still going is named however old");
    TestDb.update("update run set state = 'FINISHED' where id = ?", UUID.fromString(claim.id()));
  }

  @Test
  void sandboxedAndOlderRunnersAreNotNamed() {
    String host = "boxed-" + System.nanoTime();
    long boxed = Fixtures.issue(Map.of("title", "run in the sandbox", "hand_off", true));
    Runner.Claim inBox = Runner.parse(Runner.claim(boxed, 600, host + "/slot-1", true));
    assertEquals(Boolean.TRUE, run(inBox.id()).get("sandboxed"));

    long older = Fixtures.issue(Map.of("title", "run by an older runner", "hand_off", true));
    Runner.Claim unknown = Runner.parse(Runner.claim(older, 600, host + "/slot-2", null));
    JsonPath view = run(unknown.id());
    assertTrue(view.getMap("$").containsKey("sandboxed"), "unknown is null, not left out");
    assertNull(view.get("sandboxed"));

    assertFalse(unsandboxedRunners().contains(host), unsandboxedRunners().toString());
  }

  @Test
  void concurrentClaimsEachKeepTheirOwnRunnersFlag() throws Exception {
    String prefix = "mixed-" + System.nanoTime() + "-";
    int n = 16;
    for (int i = 0; i < n; i++) {
      Fixtures.issue(Map.of("title", "batched claim " + i, "hand_off", true));
    }
    // Released together; whether asks share a statement depends on timing here, so
    // ClaimStatementTest covers a shared statement deterministically.
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Response>> claims = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String runner = prefix + i + "/slot-1";
      boolean sandboxed = i % 2 == 0;
      claims.add(
          pool.submit(
              () -> {
                go.await();
                return Runner.claim(null, 600, runner, sandboxed);
              }));
    }
    go.countDown();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Response r = claims.get(i).get();
      r.then().statusCode(200);
      Runner.Claim claim = Runner.parse(r);
      JsonPath run = run(claim.id());
      assertEquals(prefix + i + "/slot-1", run.getString("runner_id"));
      assertEquals(i % 2 == 0, run.getBoolean("sandboxed"), "claim " + i);
      if (i % 2 != 0) {
        expected.add(prefix + i);
      }
      Runner.report(claim, Map.of("outcome", "no_changes")).then().statusCode(200);
    }
    pool.shutdown();
    List<String> named =
        unsandboxedRunners().stream().filter(name -> name.startsWith(prefix)).sorted().toList();
    assertEquals(expected.stream().sorted().toList(), named);
    TestDb.forgetUnsandboxedRuns(prefix);
  }

  private static JsonPath run(String claimId) {
    return VIEWER
        .req()
        .get("/api/autopilot/runs/" + claimId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static List<String> unsandboxedRunners() {
    return VIEWER
        .req()
        .get("/api/autopilot/queue")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("unsandboxed_runners", String.class);
  }
}
