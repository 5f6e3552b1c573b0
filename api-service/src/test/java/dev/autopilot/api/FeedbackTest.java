package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.ANONYMOUS;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The public ingress under hostile input. */
@QuarkusTest
class FeedbackTest {

  private static final AtomicInteger CLIENT = new AtomicInteger();

  @Test
  void createsABacklogFeedbackIssueWithAnUnverifiedReporter() {
    String marker = marker();
    long id =
        post(
                client(),
                Map.of(
                    "message", "The checkout button " + marker + "\nis grey",
                    "page", "https://shop.example/cart",
                    "user", "Ann",
                    "email", "ann@example.com"))
            .then()
            .statusCode(201)
            .body("merged", equalTo(false))
            .extract()
            .jsonPath()
            .getLong("id");
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + id)
        .then()
        .body("kind", equalTo("feedback"))
        .body("status", equalTo("backlog"))
        .body("title", equalTo("The checkout button " + marker))
        .body("created_by", equalTo("feedback"))
        .body("reporter.name", equalTo("Ann"))
        .body("reporter.email", equalTo("ann@example.com"))
        .body("reporter.page", equalTo("https://shop.example/cart"))
        .body("reporter.verified", equalTo(false))
        .body("history[0].actor_kind", equalTo("system"));
  }

  @Test
  void fieldsThatWouldSteerTheIssueAreRefused() {
    String marker = marker();
    for (String field : List.of("status", "kind", "human_only", "priority", "assignee", "id")) {
      Map<String, Object> body = new HashMap<>(Map.of("message", marker));
      body.put(field, field.equals("human_only") ? false : "ready");
      post(client(), body)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString(field));
    }
    assertEquals(0, stored(marker));
  }

  @Test
  void malformedOversizedAndMistypedBodiesGetClear4xx() {
    String marker = marker();
    expect(raw(client(), "application/json", "{\"message\": \"" + marker), 400);
    expect(raw(client(), "text/plain", "message=" + marker), 415);
    expect(raw(client(), "application/x-www-form-urlencoded", "message=" + marker), 415);
    expect(client().body("{\"message\":\"" + marker + "\"}").post(URL), 415);
    expect(raw(client(), "application/json", "[\"" + marker + "\"]"), 400);
    expect(raw(client(), "application/json", "{\"message\": 42}"), 400);
    expect(
        raw(client(), "application/json", "{\"message\":\"a\",\"message\":\"" + marker + "\"}"),
        400);
    expect(raw(client(), "application/json", "{\"message\":\"" + marker + "\"} {}"), 400);
    expect(post(client(), Map.of("message", marker + "x".repeat(17_000))), 413);
    expect(post(client(), Map.of("message", marker + "x".repeat(4_001))), 400);
    expect(post(client(), Map.of("message", marker, "page", "p".repeat(2_049))), 400);
    expect(post(client(), Map.of("message", marker, "user", "u".repeat(201))), 400);
    expect(post(client(), Map.of("message", marker, "email", "not-an-email")), 400);
    expect(post(client(), Map.of("message", " \u200b\u0000 ")), 400);
    expect(post(client(), Map.of("page", marker)), 400);
    assertEquals(0, stored(marker));
  }

  @Test
  void hiddenCharactersAreStripped() {
    String marker = marker();
    long id =
        post(
                client(),
                Map.of("message", "hi\u202e\u0000 " + marker + "\u200b", "user", "Eve\u0007"))
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    var issue = VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().jsonPath();
    assertEquals("hi " + marker, issue.getString("body"));
    assertEquals("Eve", issue.getString("reporter.name"));
  }

  @Test
  void theHoneypotLooksAcceptedButStoresNothing() {
    String marker = marker();
    post(client(), Map.of("message", marker, "website", "http://spam.example"))
        .then()
        .statusCode(202)
        .body("id", nullValue());
    assertEquals(0, stored(marker));
  }

  @Test
  void identicalFeedbackIsMergedIntoOneIssue() {
    String marker = marker();
    Map<String, Object> body = Map.of("message", marker, "page", "/pricing");
    long first = post(client(), body).then().statusCode(201).extract().jsonPath().getLong("id");
    post(client(), body)
        .then()
        .statusCode(200)
        .body("merged", equalTo(true))
        .body("id", equalTo((int) first));
    post(client(), Map.of("message", marker, "page", "/other")).then().statusCode(201);
    assertEquals(2, stored(marker));
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + first)
        .then()
        .body("reporter.duplicate_count", equalTo(2));
  }

  @Test
  void floodsFromOneAddressAreRateLimited() {
    String address = "10.1.2." + (CLIENT.incrementAndGet() % 250);
    String marker = marker();
    int created = 0;
    Response limited = null;
    for (int i = 0; i < 15 && limited == null; i++) {
      Response r =
          post(ANONYMOUS.req().header("X-Forwarded-For", address), Map.of("message", marker + i));
      if (r.statusCode() == 429) {
        limited = r;
      } else {
        assertEquals(201, r.statusCode());
        created++;
      }
    }
    assertEquals(10, created);
    assertTrue(limited != null, "the 11th request is limited");
    limited.then().contentType("application/problem+json").header("Retry-After", notNullValue());
    post(client(), Map.of("message", marker + "other")).then().statusCode(201);
    assertEquals(11, stored(marker));
  }

  @Test
  void corsFollowsTheOperatorsAllowList() {
    ANONYMOUS
        .req()
        .header("Origin", "https://shop.example")
        .header("Access-Control-Request-Method", "POST")
        .options(URL)
        .then()
        .statusCode(204)
        .header("Access-Control-Allow-Origin", "https://shop.example")
        .header("Access-Control-Allow-Credentials", nullValue());
    ANONYMOUS
        .req()
        .header("Origin", "https://evil.example")
        .options(URL)
        .then()
        .statusCode(403)
        .header("Access-Control-Allow-Origin", nullValue());
    String marker = marker();
    post(client().header("Origin", "https://evil.example"), Map.of("message", marker))
        .then()
        .statusCode(403);
    post(client().header("Origin", "https://shop.example"), Map.of("message", marker))
        .then()
        .statusCode(201)
        .header("Access-Control-Allow-Origin", "https://shop.example");
    assertEquals(1, stored(marker));
  }

  @Test
  void hostileFloodStoresExactlyWhatWasAccepted() {
    String marker = marker();
    Random random = new Random(42);
    int created = 0;
    for (int i = 0; i < 300; i++) {
      RequestSpecification req =
          ANONYMOUS.req().header("X-Forwarded-For", "10.3." + (i % 7) + ".1");
      Response r =
          switch (random.nextInt(8)) {
            case 0 -> raw(req, "application/json", "{\"message\":\"" + marker + i + "\\u0000\"}");
            case 1 -> raw(req, "application/json", "{\"message\":" + "[".repeat(5000));
            case 2 -> raw(req, "text/html", "<script>" + marker + "</script>");
            case 3 -> post(req, Map.of("message", marker + "z".repeat(random.nextInt(20_000))));
            case 4 -> post(req, Map.of("message", marker + i, "status", "ready"));
            case 5 -> raw(req, "application/json", "\u0000\u0001" + marker);
            case 6 -> post(req, Map.of("message", marker + i, "email", "x@" + "y".repeat(300)));
            default -> post(req, Map.of("message", marker + " <img src=x onerror=alert(1)> " + i));
          };
      int status = r.statusCode();
      assertTrue(Set.of(200, 201, 400, 413, 415, 429).contains(status), "status " + status);
      if (status >= 400) {
        r.then().contentType("application/problem+json");
        assertTrue(!r.asString().contains("Exception"), r.asString());
      }
      if (status == 201) {
        created++;
      }
    }
    assertTrue(created > 0);
    assertEquals(created, stored(marker));
  }

  private static final String URL = "/api/autopilot/feedback";

  private static RequestSpecification client() {
    return ANONYMOUS
        .req()
        .header("X-Forwarded-For", "10.2." + (CLIENT.incrementAndGet() % 250) + ".9");
  }

  private static Response post(RequestSpecification req, Map<String, Object> body) {
    return req.contentType(ContentType.JSON).body(body).post(URL);
  }

  private static Response raw(RequestSpecification req, String contentType, String body) {
    // JSON as bytes: RestAssured spends seconds on a deeply nested JSON string before sending it.
    return contentType.startsWith("application/json")
        ? req.contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).post(URL)
        : req.contentType(contentType).body(body).post(URL);
  }

  private static void expect(Response r, int status) {
    r.then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("detail", notNullValue());
  }

  private static String marker() {
    return "fb" + UUID.randomUUID().toString().replace("-", "");
  }

  private static long stored(String marker) {
    return TestDb.count(
        "select count(*) from issue where kind = 'FEEDBACK' and body like ?", "%" + marker + "%");
  }
}
