package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for 20 s while anonymous feedback, reviewers' writes and reads keep coming:
 * every answer is a success or a 503 problem, none hangs, and every acknowledged write is stored.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@TestProfile(NoInAppRunner.class)
class PostgresOutageChaosIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer: which load, when it was sent (ms after the start), and what came back. */
  record Answer(String load, long sentMs, long tookMs, int status, String type, String body) {}

  @Test
  void duringAPostgresOutageEveryAnswerIsASuccessOrA503ProblemAndEvery201IsStored()
      throws Exception {
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    long start = System.nanoTime();
    ExecutorService load = Executors.newFixedThreadPool(5);
    for (int i = 0; i < 3; i++) {
      load.submit(() -> loop(running, answers, start, "feedback", PostgresOutageChaosIT::feedback));
    }
    load.submit(() -> loop(running, answers, start, "create", PostgresOutageChaosIT::create));
    load.submit(() -> loop(running, answers, start, "list", PostgresOutageChaosIT::list));
    long stoppedMs;
    long backMs;
    try {
      Thread.sleep(5_000);
      StackResource.stack.stopPostgres();
      stoppedMs = sinceMs(start);
      Thread.sleep(OUTAGE.toMillis());
    } finally {
      StackResource.stack.startPostgres();
    }
    backMs = sinceMs(start);
    Thread.sleep(15_000);
    running.set(false);
    load.shutdown();
    assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "a request hung");

    Map<String, Integer> byStatus = new TreeMap<>();
    List<Answer> wrong = new ArrayList<>();
    List<Long> acknowledged = new ArrayList<>();
    long recoveredMs = Long.MAX_VALUE;
    long failuresDuringOutage = 0;
    for (Answer a : answers) {
      byStatus.merge(a.load() + " " + a.status(), 1, Integer::sum);
      boolean ok = a.status() == (a.load().equals("list") ? 200 : 201);
      boolean problem =
          a.status() == 503
              && a.type().startsWith("application/problem+json")
              && !a.body().contains("Exception")
              && !a.body().contains("\tat ");
      if (!ok && !problem) {
        wrong.add(a);
      }
      if (ok && !a.load().equals("list")) {
        acknowledged.add(JSON.readTree(a.body()).get("id").asLong());
      }
      if (ok && a.sentMs() >= backMs) {
        recoveredMs = Math.min(recoveredMs, a.sentMs());
      }
      failuresDuringOutage += !ok && a.sentMs() >= stoppedMs && a.sentMs() < backMs ? 1 : 0;
    }
    long stored = storedOf(acknowledged);
    List<Long> refusals =
        answers.stream().filter(a -> a.status() == 503).map(Answer::tookMs).sorted().toList();
    long stuck = answers.stream().filter(a -> a.status() < 0).count();
    Duration recovery =
        Duration.ofMillis(recoveredMs == Long.MAX_VALUE ? -1 : recoveredMs - backMs);
    Chaos.report(
        "PostgreSQL stopped 20 s under feedback and API load",
        recovery,
        acknowledged.size() - stored,
        0,
        stuck,
        String.format(
            "%d requests: %s; 503 answered in p50 %d ms, max %d ms; %d acknowledged writes, %d"
                + " stored; other answers: %d",
            answers.size(),
            byStatus,
            refusals.isEmpty() ? -1 : refusals.get(refusals.size() / 2),
            refusals.isEmpty() ? -1 : refusals.get(refusals.size() - 1),
            acknowledged.size(),
            stored,
            wrong.size()));
    assertEquals(List.of(), wrong.stream().limit(5).toList(), "answers other than 2xx or 503");
    assertEquals(acknowledged.size(), stored, "acknowledged but not stored");
    assertTrue(failuresDuringOutage > 0, "the outage was not noticed: " + byStatus);
    assertTrue(recoveredMs != Long.MAX_VALUE, "no success after PostgreSQL was back");
  }

  private interface Call {
    HttpRequest.Builder request();
  }

  private static void loop(
      AtomicBoolean running,
      ConcurrentLinkedQueue<Answer> answers,
      long start,
      String name,
      Call call) {
    while (running.get()) {
      long sent = sinceMs(start);
      try {
        HttpResponse<String> r =
            HTTP.send(
                call.request().timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        answers.add(
            new Answer(
                name,
                sent,
                sinceMs(start) - sent,
                r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(""),
                r.body()));
        Thread.sleep(r.statusCode() == 503 ? 100 : 20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        answers.add(new Answer(name, sent, sinceMs(start) - sent, -1, "", e.toString()));
      }
    }
  }

  private static HttpRequest.Builder feedback() {
    return HttpRequest.newBuilder(uri("/api/autopilot/feedback"))
        .header("Content-Type", "application/json")
        .POST(body("{\"message\":\"chaos feedback " + UUID.randomUUID() + "\"}"));
  }

  private static HttpRequest.Builder create() {
    return reviewer(HttpRequest.newBuilder(uri("/api/autopilot/issues")))
        .header("Content-Type", "application/json")
        .POST(body("{\"title\":\"chaos write " + UUID.randomUUID() + "\"}"));
  }

  private static HttpRequest.Builder list() {
    return reviewer(HttpRequest.newBuilder(uri("/api/autopilot/issues?status=backlog&limit=20")))
        .GET();
  }

  private static HttpRequest.Builder reviewer(HttpRequest.Builder b) {
    String auth = "reviewer:" + StackResource.stack.password("reviewer");
    return b.header(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  private static URI uri(String path) {
    return URI.create(StackResource.stack.baseUrl() + path);
  }

  private static long sinceMs(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static long storedOf(List<Long> ids) throws Exception {
    try (Connection c = StackResource.stack.connectDb();
        PreparedStatement s = c.prepareStatement("select count(*) from issue where id = any(?)")) {
      Array array = c.createArrayOf("bigint", ids.toArray());
      s.setArray(1, array);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
