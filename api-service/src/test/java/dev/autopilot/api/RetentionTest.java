package dev.autopilot.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.retention.Retention;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Old sent outbox rows and old runs' events are deleted; recent ones and the runs stay. */
@QuarkusTest
class RetentionTest {

  @Inject Retention retention;

  @Test
  void rowsSentLongAgoAreDeletedAndRecentOnesKept() {
    long old = Fixtures.issue(Map.of("title", "handed off last month", "hand_off", true));
    long recent = Fixtures.issue(Map.of("title", "handed off just now", "hand_off", true));
    await().atMost(Duration.ofSeconds(30)).until(() -> sent(old) == 1 && sent(recent) == 1);
    TestDb.update("update outbox set sent_at = now() - interval '8 days' where issue_id = ?", old);

    assertTrue(retention.deleteSentOutbox() >= 1);
    assertEquals(0, TestDb.count("select count(*) from outbox where issue_id = ?", old));
    assertEquals(1, TestDb.count("select count(*) from outbox where issue_id = ?", recent));
  }

  @Test
  void theLogOfALongFinishedRunIsDeletedAndTheRunKept() {
    UUID old = finishedRunWithEvents("finished last year");
    UUID recent = finishedRunWithEvents("finished today");
    TestDb.update("update run set finished_at = now() - interval '100 days' where id = ?", old);

    while (retention.deleteOldEvents() > 0) {
      // rounds of 100 runs
    }
    assertEquals(0, events(old));
    assertEquals(2, events(recent));
    assertEquals(1, TestDb.count("select count(*) from run where id = ?", old), "the run stays");
  }

  private static UUID finishedRunWithEvents(String title) {
    long id = Fixtures.issue(Map.of("title", title, "hand_off", true));
    Runner.Claim claim = Runner.mustClaim(id, 600);
    Runner.events(
            claim,
            List.of(Map.of("kind", "tool", "text", "Edit a"), Map.of("kind", "text", "text", "b")))
        .then()
        .statusCode(200);
    Runner.report(claim, Map.of("outcome", "no_changes")).then().statusCode(200);
    return UUID.fromString(claim.id());
  }

  private static long events(UUID run) {
    return TestDb.count("select count(*) from run_event where run_id = ?", run);
  }

  private static long sent(long issueId) {
    return TestDb.count(
        "select count(*) from outbox where issue_id = ? and sent_at is not null", issueId);
  }
}
