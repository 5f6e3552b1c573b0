package dev.autopilot.api.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writers one version behind, as in a rolling deploy: an older api-service pod writing lower-case
 * or free-text enum columns, and a newer runner reporting a failure reason this build lacks.
 */
@QuarkusTest
class OlderWritersTest {

  @Test
  void anOlderPodsLowerCasePriorityIsStoredByName() {
    long marker = -System.nanoTime();
    // Already sent, so the relay leaves it alone.
    TestDb.update(
        "insert into outbox (issue_id, attempt, priority, ready_at, sent_at)"
            + " values (?, 0, 'high', now(), now())",
        marker);
    assertEquals(
        1,
        TestDb.count(
            "select count(*) from outbox where issue_id = ? and priority = 'HIGH'", marker));
    TestDb.update("update outbox set priority = 'urgent' where issue_id = ?", marker);
    assertEquals(
        1,
        TestDb.count(
            "select count(*) from outbox where issue_id = ? and priority = 'URGENT'", marker));
    TestDb.update("delete from outbox where issue_id = ?", marker);
  }

  @Test
  void aReasonThisBuildDoesNotKnowIsStoredAsACrashWithTheReasonKept() {
    long id = Fixtures.issue(Map.of("title", "older writers", "hand_off", true));
    Runner.Claim claim = Runner.mustClaim(id, 600);
    Runner.report(claim, Map.of("outcome", "failed", "failure_reason", "out_of_disk"))
        .then()
        .statusCode(200);
    assertEquals(
        1,
        TestDb.count(
            "select count(*) from run where issue_id = ? and failure_reason = 'CRASH'", id));

    TestDb.update("update run set failure_reason = 'oom' where issue_id = ?", id);
    assertEquals(
        1,
        TestDb.count(
            "select count(*) from run where issue_id = ? and failure_reason = 'CRASH'"
                + " and failure_detail like 'Reported reason: oom%'",
            id));
  }
}
