package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.ANONYMOUS;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Feedback is stored by group commit: concurrent submissions share transactions, yet each one is
 * acknowledged only with its own issue, and identical ones still become exactly one issue.
 */
@QuarkusTest
class FeedbackGroupCommitTest {

  private static final String URL = "/api/autopilot/feedback";
  private static final AtomicInteger CLIENT = new AtomicInteger();

  @TestHTTPResource(URL)
  URI feedback;

  @Test
  void concurrentSubmissionsEachLandOnceAndDuplicatesMergeIntoOneIssue() throws Exception {
    String marker = "gc" + UUID.randomUUID().toString().replace("-", "");
    int distinct = 60;
    int identical = 40;
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<Response>> distinctPosts = new ArrayList<>();
    List<Future<Response>> identicalPosts = new ArrayList<>();
    try {
      for (int i = 0; i < distinct + identical; i++) {
        boolean same = i % 5 < 2;
        String message = same ? marker + " same" : marker + " distinct " + i;
        Future<Response> f = pool.submit(() -> post(message));
        (same ? identicalPosts : distinctPosts).add(f);
      }
      Set<Long> ids = new HashSet<>();
      for (Future<Response> f : distinctPosts) {
        Response r = f.get();
        r.then().statusCode(201).body("merged", equalTo(false));
        ids.add(r.jsonPath().getLong("id"));
      }
      assertEquals(distinct, ids.size(), "every distinct submission has its own issue");
      Set<Long> sameIds = new HashSet<>();
      int created = 0;
      for (Future<Response> f : identicalPosts) {
        Response r = f.get();
        created += r.statusCode() == 201 ? 1 : 0;
        sameIds.add(r.jsonPath().getLong("id"));
      }
      assertEquals(1, created, "exactly one identical submission creates the issue");
      assertEquals(1, sameIds.size());
      long same = sameIds.iterator().next();
      assertEquals(
          identical,
          TestDb.count("select duplicate_count from issue where id = ?", same),
          "the merged issue counts every submission");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        distinct + 1,
        TestDb.count(
            "select count(*) from issue where kind = 'FEEDBACK' and status = 'BACKLOG'"
                + " and body like ?",
            marker + "%"));
    assertEquals(
        distinct + 1,
        TestDb.count(
            "select count(*) from issue_status_change h join issue i on i.id = h.issue_id"
                + " where i.body like ? and h.to_status = 'BACKLOG' and h.from_status is null",
            marker + "%"),
        "every created issue has its history row");
  }

  @Test
  void aBodyWithoutALengthIsRefusedBeforeItIsRead() throws Exception {
    String marker = "gc" + UUID.randomUUID();
    byte[] json = ("{\"message\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest chunked =
        HttpRequest.newBuilder(feedback)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
    assertEquals(411, r.statusCode());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertEquals(
        0, TestDb.count("select count(*) from issue where body like ?", "%" + marker + "%"));
  }

  private static Response post(String message) {
    return ANONYMOUS
        .req()
        .header("X-Forwarded-For", "10.9." + (CLIENT.incrementAndGet() % 250) + ".7")
        .contentType(ContentType.JSON)
        .body(Map.of("message", message, "page", "/checkout"))
        .post(URL);
  }
}
