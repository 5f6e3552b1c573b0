package dev.autopilot.api.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Events sent at once, so the writer records them in shared batches: a known group, new groups, an
 * SDK's resends and a settled issue's regression in one transaction, each counted exactly once.
 */
@QuarkusTest
class IngestBatchTest {

  @Test
  void eventsOfSeveralGroupsSentAtOnceAreEachCountedOnceOnTheirOwnIssue() throws Exception {
    JsonPath p = SentrySdkTest.project("batch-" + System.nanoTime());
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    UUID first = UUID.randomUUID();
    send(project, key, first, "Alpha", "1.0");

    List<Object[]> events = new ArrayList<>();
    List<UUID> alpha = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      UUID id = UUID.randomUUID();
      alpha.add(id);
      events.add(new Object[] {id, "Alpha"});
      events.add(new Object[] {UUID.randomUUID(), "Beta"});
      events.add(new Object[] {UUID.randomUUID(), "Gamma"});
    }
    for (int i = 0; i < 10; i++) {
      events.add(new Object[] {alpha.get(i), "Alpha"}); // an SDK's resend
    }
    events.add(new Object[] {first, "Alpha"});
    // Another project's events of the same kind, in the same batches: its own group and issue.
    JsonPath other = SentrySdkTest.project("batch-other-" + System.nanoTime());
    long otherId = other.getLong("project.id");
    for (int i = 0; i < 12; i++) {
      events.add(new Object[] {UUID.randomUUID(), "Alpha", otherId, other.getString("key.key")});
    }
    sendAll(project, key, events, "1.0");

    Map<String, Integer> counts = counts(project);
    assertEquals(Map.of("Alpha", 31, "Beta", 30, "Gamma", 30), counts);
    assertEquals(Map.of("Alpha", 12), counts(otherId));
    Set<Object> issues = new HashSet<>();
    SentrySdkTest.groups(project).forEach(g -> issues.add(g.get("issue_id")));
    assertEquals(3, issues.size(), "one issue per group: " + issues);
  }

  @Test
  void aFloodFromANewReleaseReopensADoneIssueOnce() throws Exception {
    JsonPath p = SentrySdkTest.project("flood-" + System.nanoTime());
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    send(project, key, UUID.randomUUID(), "Alpha", "1.0");
    Map<String, Object> group = SentrySdkTest.groups(project).get(0);
    long issue = ((Number) group.get("issue_id")).longValue();
    TestDb.forceStatus(issue, "DONE");

    List<Object[]> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(new Object[] {UUID.randomUUID(), "Alpha"});
    }
    sendAll(project, key, events, "2.0");

    Map<String, Object> after = SentrySdkTest.groups(project).get(0);
    assertEquals(41, after.get("count"));
    assertEquals(1, after.get("regressions"));
    assertEquals("2.0", after.get("last_release"));
    List<String> thread =
        Caller.VIEWER
            .req()
            .get("/api/autopilot/issues/" + issue + "/comments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("body");
    assertEquals(1, thread.stream().filter(c -> c.startsWith("Regression")).count(), "" + thread);
    assertEquals(
        "backlog",
        Caller.VIEWER.req().get("/api/autopilot/issues/" + issue).jsonPath().getString("status"));
  }

  private static void sendAll(long project, String key, List<Object[]> events, String release)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> sent = new ArrayList<>();
      for (Object[] e : events) {
        long to = e.length > 2 ? (Long) e[2] : project;
        String with = e.length > 2 ? (String) e[3] : key;
        sent.add(pool.submit(() -> send(to, with, (UUID) e[0], (String) e[1], release)));
      }
      for (Future<Integer> f : sent) {
        assertEquals(200, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  private static int send(long project, String key, UUID id, String type, String release) {
    String event =
        "{\"event_id\":\""
            + id.toString().replace("-", "")
            + "\",\"level\":\"error\",\"release\":\""
            + release
            + "\",\"exception\":{\"values\":[{\"type\":\""
            + type
            + "\",\"value\":\"boom\",\"stacktrace\":{\"frames\":[{\"module\":\"app.Main\","
            + "\"function\":\"run\",\"in_app\":true}]}}]}}";
    return RestAssured.given()
        .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
        .contentType("application/x-sentry-envelope")
        .body(("{}\n{\"type\":\"event\"}\n" + event + "\n").getBytes(StandardCharsets.UTF_8))
        .post("/api/" + project + "/envelope/")
        .statusCode();
  }

  private static Map<String, Integer> counts(long project) {
    return SentrySdkTest.groups(project).stream()
        .collect(
            Collectors.toMap(
                g -> ((String) g.get("title")).split(":")[0],
                g -> ((Number) g.get("count")).intValue()));
  }
}
