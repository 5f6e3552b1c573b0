package dev.autopilot.api.incident;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * An ingest flood: an envelope of many events, many envelopes of new kinds, large events and a
 * project past its stored bytes. Groups, issues, notifications and storage stay bounded.
 */
@QuarkusTest
@TestProfile(FloodCaps.class)
class IngestFloodTest {

  @Test
  void anEnvelopeOfManyEventsIsRefusedWholeAndRecordsNothing() {
    JsonPath p = SentrySdkTest.project("many-" + System.nanoTime());
    long project = p.getLong("project.id");
    StringBuilder envelope = new StringBuilder("{}\n");
    for (int i = 0; i < 2_000; i++) {
      envelope.append("{\"type\":\"event\"}\n").append(event(UUID.randomUUID(), "Kind" + i));
    }
    send(project, p.getString("key.key"), envelope.toString().getBytes(StandardCharsets.UTF_8))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:duplicate-item"));
    assertTrue(SentrySdkTest.groups(project).isEmpty());
  }

  @Test
  void newKindsPastTheHourlyCapBecomeOneFloodIncidentAndOneMoreNotification() throws Exception {
    waitOutTheEndOfTheHour();
    JsonPath p = SentrySdkTest.project("flood-" + System.nanoTime());
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    int kinds = 60;
    for (int i = 0; i < FloodCaps.NEW_GROUPS; i++) {
      envelope(project, key, UUID.randomUUID(), "Made" + i + "Up").then().statusCode(200);
    }
    // The rest at once, so the writer records them in shared batches.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int i = FloodCaps.NEW_GROUPS; i < kinds; i++) {
        String type = "Made" + i + "Up";
        sent.add(pool.submit(() -> envelope(project, key, UUID.randomUUID(), type).statusCode()));
      }
      for (Future<Integer> f : sent) {
        assertEquals(200, f.get());
      }
    } finally {
      pool.shutdown();
    }
    envelope(project, key, UUID.randomUUID(), "Made59Up").then().statusCode(200); // a kind again

    List<Map<String, Object>> groups = SentrySdkTest.groups(project);
    List<Map<String, Object>> floods =
        groups.stream().filter(g -> Boolean.TRUE.equals(g.get("flood"))).toList();
    assertEquals(FloodCaps.NEW_GROUPS + 1, groups.size(), "the cap's groups and one flood");
    assertEquals(1, floods.size());
    Map<String, Object> flood = floods.get(0);
    int folded = kinds - FloodCaps.NEW_GROUPS;
    assertEquals(folded + 1, flood.get("count"));
    assertEquals(folded, flood.get("new_kinds"), "a kind sent twice counts once");
    assertEquals(
        FloodCaps.NEW_GROUPS + 1,
        TestDb.count(
            "select count(distinct i.id) from issue i join incident_group g on g.issue_id = i.id"
                + " where g.project_id = ?",
            project));
    long issue = ((Number) flood.get("issue_id")).longValue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                Caller.VIEWER
                    .req()
                    .get("/api/autopilot/issues/" + issue)
                    .then()
                    .body("title", containsString("Error flood"))
                    .body("human_only", equalTo(true))
                    .body("body", containsString("\n- New kinds over the cap: " + folded + "\n"))
                    .body("body", containsString("\n- Events: " + (folded + 1) + "\n")));

    // Six new issues are told in at most two notifications per window (the first at once, the rest
    // counted into one more), not six.
    String mine =
        " from notification where endpoint = 'test' and event_type = 'incident.created'"
            + " and coalesce_key like 'incident:"
            + project
            + ":%'";
    long rows = TestDb.count("select count(*)" + mine);
    assertTrue(rows >= 2 && rows <= 4, rows + " notifications");
    assertEquals(FloodCaps.NEW_GROUPS + 1, TestDb.count("select sum(coalesced)" + mine));
  }

  @Test
  void largeEventsCostTokensByTheirBytes() throws Exception {
    JsonPath p = SentrySdkTest.project("bytes-" + System.nanoTime());
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    // 1 MiB of padding (gzip makes it small on the wire): 1 + 64 tokens of the key's 800.
    String padding = "x".repeat(1 << 20);
    int accepted = 0;
    int status = 200;
    while (status == 200 && accepted < 50) {
      String body =
          "{}\n{\"type\":\"event\"}\n"
              + event(UUID.randomUUID(), "Large")
                  .replace("}}]}}", "}}]},\"extra\":{\"pad\":\"" + padding + "\"}}");
      status = gzipped(project, key, body).statusCode();
      accepted += status == 200 ? 1 : 0;
    }
    assertEquals(429, status);
    // 12 fit in 800 tokens, a few more as the bucket refills during the test; 50 at 1 token each.
    assertTrue(accepted <= 16, accepted + " large events went through one key's 800 tokens");
  }

  @Test
  void pastItsStoredBytesAProjectsEventsAreCountedWithoutTheirPayload() {
    JsonPath p = SentrySdkTest.project("stored-" + System.nanoTime());
    long project = p.getLong("project.id");
    String key = p.getString("key.key");
    String padding = "y".repeat(40_000);
    for (int i = 0; i < 8; i++) {
      String event =
          event(UUID.randomUUID(), "Heavy")
              .replace("}}]}}", "}}]},\"extra\":{\"pad\":\"" + padding + "\"}}");
      send(project, key, ("{}\n{\"type\":\"event\"}\n" + event).getBytes(StandardCharsets.UTF_8))
          .then()
          .statusCode(200);
    }
    Map<String, Object> group = SentrySdkTest.groups(project).get(0);
    assertEquals(8, group.get("count"), "every event counts");
    List<String> payloads =
        Caller.VIEWER
            .req()
            .get("/api/autopilot/incidents/" + group.get("id") + "/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("payload.autopilot");
    long dropped = payloads.stream().filter(s -> s != null).count();
    assertEquals(4, dropped, "4 of 40 KB fit under 200 KB: " + payloads);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              long stored =
                  TestDb.count("select stored_bytes from incident_project where id = ?", project);
              assertTrue(stored > 160_000 && stored <= FloodCaps.STORED_BYTES, "" + stored);
              assertEquals(
                  stored,
                  TestDb.count(
                      "select sum(octet_length(payload)) from incident_event where project_id = ?",
                      project));
            });
  }

  static String event(UUID id, String type) {
    return "{\"event_id\":\""
        + id.toString().replace("-", "")
        + "\",\"level\":\"error\",\"exception\":{\"values\":[{\"type\":\""
        + type
        + "\",\"value\":\"boom\",\"stacktrace\":{\"frames\":[{\"module\":\"app.Main\","
        + "\"function\":\"run\",\"in_app\":true}]}}]}}\n";
  }

  private static Response envelope(long project, String key, UUID id, String type) {
    return send(
        project,
        key,
        ("{}\n{\"type\":\"event\"}\n" + event(id, type)).getBytes(StandardCharsets.UTF_8));
  }

  static Response send(long project, String key, byte[] body) {
    return RestAssured.given()
        .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
        .contentType("application/x-sentry-envelope")
        .body(body)
        .post("/api/" + project + "/envelope/");
  }

  private static Response gzipped(long project, String key, String body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body.getBytes(StandardCharsets.UTF_8));
    }
    return RestAssured.given()
        .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
        .header("Content-Encoding", "gzip")
        .contentType("application/x-sentry-envelope")
        .body(out.toByteArray())
        .post("/api/" + project + "/envelope/");
  }

  // The cap is per clock hour: a flood sent across the hour would be two floods.
  private static void waitOutTheEndOfTheHour() throws InterruptedException {
    Instant now = Instant.now();
    Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    if (Duration.between(now, next).toSeconds() < 30) {
      Thread.sleep(Duration.between(now, next).toMillis() + 1_000);
    }
  }
}
