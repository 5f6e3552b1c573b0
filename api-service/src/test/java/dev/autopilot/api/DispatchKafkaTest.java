package dev.autopilot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.KafkaResource;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import dev.autopilot.api.testing.WorkTopic;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dispatch against the real broker and real PostgreSQL. */
@QuarkusTest
class DispatchKafkaTest {

  @Test
  void sixteenClaimersTakeEachOfAThousandIssuesExactlyOnce() throws Exception {
    Runner.drain();
    Set<Long> ours = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ours.add(Fixtures.issue(Map.of("title", "bulk " + i, "hand_off", true)));
    }
    Map<Long, AtomicInteger> claims = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> claimers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      claimers.add(
          pool.submit(
              () -> {
                Response r;
                while ((r = Runner.claim(null, 600)).statusCode() == 200) {
                  claims
                      .computeIfAbsent(r.jsonPath().getLong("issue.id"), k -> new AtomicInteger())
                      .incrementAndGet();
                }
                assertEquals(204, r.statusCode());
                return null;
              }));
    }
    for (Future<?> f : claimers) {
      f.get();
    }
    pool.shutdown();
    assertTrue(claims.keySet().containsAll(ours), "every issue was claimed");
    assertEquals(List.of(), claims.values().stream().filter(c -> c.get() != 1).toList());
    assertEquals(
        1000,
        TestDb.count(
            "select count(*) from run where issue_id = any(?)",
            (Object) ours.toArray(new Long[0])));
    assertEquals(
        0,
        TestDb.count(
            "select count(*) from issue where id = any(?) and status <> 'IN_PROGRESS'",
            (Object) ours.toArray(new Long[0])));
  }

  @Test
  void handOffsWhileTheBrokerIsDownArePublishedWhenItIsBack() throws Exception {
    KafkaResource.broker().stop();
    Set<Long> ids = new HashSet<>();
    try {
      for (int i = 0; i < 100; i++) {
        ids.add(Fixtures.issue(Map.of("title", "during outage " + i, "hand_off", true)));
      }
      assertEquals(
          100,
          TestDb.count(
              "select count(*) from outbox where sent_at is null and issue_id = any(?)",
              (Object) ids.toArray(new Long[0])));
    } finally {
      KafkaResource.broker().start();
    }
    try (WorkTopic topic = new WorkTopic()) {
      Map<Long, List<String>> seen = topic.awaitKeys(ids, Duration.ofSeconds(90));
      assertEquals(ids, seen.keySet(), "all 100 published once the broker is back");
      assertTrue(seen.values().iterator().next().get(0).contains("\"v\":1"));
    }
    for (long id : ids) {
      Runner.mustClaim(id, 600);
      Runner.claim(id, 600).then().statusCode(409);
    }
    assertEquals(
        0,
        TestDb.count(
            "select count(*) from outbox where sent_at is null and issue_id = any(?)",
            (Object) ids.toArray(new Long[0])));
  }

  @Test
  void aDuplicateDeliveryGetsAConflict() {
    long id = Fixtures.issue(Map.of("title", "delivered twice", "hand_off", true));
    try (WorkTopic topic = new WorkTopic()) {
      List<String> messages = topic.awaitKeys(Set.of(id), Duration.ofSeconds(30)).get(id);
      assertTrue(messages != null && messages.get(0).contains("\"issue_id\":" + id));
    }
    Runner.mustClaim(id, 600);
    Runner.claim(id, 600)
        .then()
        .statusCode(409)
        .body("type", org.hamcrest.Matchers.equalTo("urn:autopilot:problem:not-claimable"));
  }

  @Test
  void anUrgentHandOffDoesNotWaitBehindNormalOnes() {
    Runner.drain();
    List<Long> normal = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      normal.add(Fixtures.issue(Map.of("title", "normal " + i, "hand_off", true)));
    }
    long urgent =
        Fixtures.issue(Map.of("title", "prod is down", "hand_off", true, "priority", "urgent"));
    long low = Fixtures.issue(Map.of("title", "later", "hand_off", true, "priority", "low"));
    List<Long> order = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      order.add(Runner.mustClaim(null, 600).issueId());
    }
    List<Long> expected = new ArrayList<>(List.of(urgent));
    expected.addAll(normal);
    expected.add(low);
    assertEquals(expected, order);
  }
}
