package dev.autopilot.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.dispatch.OutboxCleanup;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sent outbox rows are deleted after the retention; recent ones stay. */
@QuarkusTest
class OutboxCleanupTest {

  @Inject OutboxCleanup cleanup;

  @Test
  void rowsSentLongAgoAreDeletedAndRecentOnesKept() {
    long old = Fixtures.issue(Map.of("title", "handed off last month", "hand_off", true));
    long recent = Fixtures.issue(Map.of("title", "handed off just now", "hand_off", true));
    await().atMost(Duration.ofSeconds(30)).until(() -> sent(old) == 1 && sent(recent) == 1);
    TestDb.update("update outbox set sent_at = now() - interval '8 days' where issue_id = ?", old);

    assertTrue(cleanup.deleteSent() >= 1);
    assertEquals(0, TestDb.count("select count(*) from outbox where issue_id = ?", old));
    assertEquals(1, TestDb.count("select count(*) from outbox where issue_id = ?", recent));
  }

  private static long sent(long issueId) {
    return TestDb.count(
        "select count(*) from outbox where issue_id = ? and sent_at is not null", issueId);
  }
}
