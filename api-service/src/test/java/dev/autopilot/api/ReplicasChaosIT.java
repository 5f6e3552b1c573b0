package dev.autopilot.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Replica;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two api-service replicas on one database and one broker act as one: what lands on B reaches a
 * board connected to A, and feedback dedupe and rate limits hold across both.
 */
@QuarkusTest
class ReplicasChaosIT {

  private static Replica b;

  @TestHTTPResource("/")
  URI a;

  private record Seen(long nanos, String line) {}

  @BeforeAll
  static void startB() throws Exception {
    b = Replica.start("b", Map.of());
  }

  @AfterAll
  static void stopB() throws Exception {
    if (b != null) {
      b.close();
    }
  }

  @Test
  void movesAndLiveLogLinesMadeThroughBReachABoardOnA() throws Exception {
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(a.resolve("/api/autopilot/events"))
                    .header("Authorization", "Bearer " + Caller.VIEWER.token())
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    Thread reader =
        new Thread(
            () ->
                stream
                    .body()
                    .filter(l -> l.startsWith("data:"))
                    .forEach(l -> seen.add(new Seen(System.nanoTime(), l))));
    reader.setDaemon(true);
    reader.start();
    try {
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        long start = System.nanoTime();
        long id = createOnB(Map.of("title", "made on B " + i));
        Seen event = await(seen, id);
        millis.add((event.nanos() - start) / 1_000_000);
      }
      Collections.sort(millis);
      long p50 = millis.get(millis.size() / 2);
      long p99 = millis.get(millis.size() * 99 / 100);
      long max = millis.get(millis.size() - 1);
      chaosRow(
          "two replicas, a board on A, moves made on B",
          String.format("fan-out p50 %d ms, p99 %d ms, max %d ms (100 moves)", p50, p99, max));
      assertTrue(p50 < 1000, "a move made on B reaches A within 1 s: p50 " + p50 + " ms");

      // A runner reporting to B: its live-log lines show on A.
      long id = createOnB(Map.of("title", "runner reports to B", "hand_off", true));
      Runner.Claim claim = Runner.mustClaim(id, 600);
      seen.clear();
      on(b, Caller.RUNNER)
          .contentType(ContentType.JSON)
          .body(
              Map.of(
                  "fencing_token",
                  claim.fencingToken(),
                  "events",
                  List.of(Map.of("kind", "text", "text", "line on B"))))
          .post("/api/autopilot/runner/claims/" + claim.id() + "/events")
          .then()
          .statusCode(200);
      Seen progress = await(seen, id);
      assertTrue(progress.line().contains("\"type\":\"progress\""), progress.line());
    } finally {
      stream.body().close();
    }
  }

  // The chaos suite's row format (fault | recovery | lost | duplicated | stuck | detail).
  private static void chaosRow(String fault, String detail) throws java.io.IOException {
    String row = "| " + fault + " | — | 0 | 0 | 0 | " + detail + " |\n";
    System.out.print("[chaos] " + row);
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("target", "chaos-results.md"),
        row,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void feedbackDedupeHoldsAcrossBoth() {
    String message = "checkout button dead " + UUID.randomUUID();
    Map<String, Object> body = Map.of("message", message, "page", "/checkout");
    long first = feedback(given().baseUri(a.toString()), "10.7.0.1", body, 201);
    long second = feedback(given().baseUri(b.url("")), "10.7.0.2", body, 200); // merged
    assertEquals(first, second, "one issue for the same report sent to either replica");
    assertEquals(
        1, TestDb.count("select count(*) from issue where body like ?", "%" + message + "%"));
  }

  @Test
  void theRateLimitHoldsAcrossBoth() {
    String client = "10.8." + (System.nanoTime() % 250) + ".1";
    int created = 0;
    int limited = 0;
    for (int i = 0; i < 8; i++) {
      for (RequestSpecification replica :
          List.of(given().baseUri(a.toString()), given().baseUri(b.url("")))) {
        int status =
            replica
                .header("X-Forwarded-For", client)
                .contentType(ContentType.JSON)
                .body(Map.of("message", "flood " + UUID.randomUUID()))
                .post("/api/autopilot/feedback")
                .statusCode();
        if (status == 201) {
          created++;
        } else if (status == 429) {
          limited++;
        }
      }
    }
    assertEquals(10, created, "the limit (10 per minute) counts requests to both replicas");
    assertEquals(6, limited);
  }

  private static long feedback(
      RequestSpecification req, String client, Map<String, Object> body, int status) {
    return req.header("X-Forwarded-For", client)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/autopilot/feedback")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static long createOnB(Map<String, Object> fields) {
    return on(b, Caller.REVIEWER)
        .contentType(ContentType.JSON)
        .body(fields)
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static RequestSpecification on(Replica replica, Caller caller) {
    return given().baseUri(replica.url("")).header("Authorization", "Bearer " + caller.token());
  }

  private static Seen await(BlockingQueue<Seen> seen, long issueId) throws InterruptedException {
    Pattern about = Pattern.compile("\"issue_id\":" + issueId + "\\b");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Seen s = seen.poll(100, TimeUnit.MILLISECONDS);
      if (s != null && about.matcher(s.line()).find()) {
        return s;
      }
    }
    throw new AssertionError("no event about #" + issueId + " on A within 10 s");
  }
}
