package dev.autopilot.api.security;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bearer token is no ambient credential, but a page holding one (or a proxy adding one) still
 * must not write from another site: bearer writes meet the same Origin check as cookie writes,
 * while server-to-server clients, which send no Origin, keep working.
 */
@QuarkusTest
class OriginGuardTest {

  @Test
  void aBearerWriteFromAnotherSiteIsRefused() {
    String title = "bearer from evil.example";
    Caller.REVIEWER
        .req()
        .header("Origin", "https://evil.example")
        .contentType(ContentType.JSON)
        .body(Map.of("title", title))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:cross-site-request"));
    Caller.REVIEWER
        .req()
        .header("Sec-Fetch-Site", "cross-site")
        .contentType(ContentType.JSON)
        .body(Map.of("title", title))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(403);
    Caller.RUNNER
        .req()
        .header("Origin", "null")
        .contentType(ContentType.JSON)
        .body(Map.of("runner_id", "sandboxed-page"))
        .post("/api/autopilot/runner/claims")
        .then()
        .statusCode(403);
    assertEquals(0, TestDb.count("select count(*) from issue where title = ?", title));
  }

  @Test
  void bearerWritesWithoutOrFromTheSameOriginPass() {
    Caller.REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("title", "bearer, server to server"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201);
    Caller.REVIEWER
        .req()
        .header("Origin", "http://localhost:" + RestAssured.port)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "bearer, same origin"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201);
  }
}
