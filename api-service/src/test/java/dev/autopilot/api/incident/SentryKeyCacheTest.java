package dev.autopilot.api.incident;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Made-up DSN keys: never cached, so they cannot push good keys out of the bounded key cache, and
 * looked up only within their client address's budget.
 */
@QuarkusTest
@TestProfile(FloodCaps.class)
class SentryKeyCacheTest {

  @Inject
  @CacheName(IncidentProjectRepository.KEY_CACHE)
  Cache keys;

  @Test
  void unknownKeysAreNeverCachedAndAreLookedUpOnlyWithinTheirAddresssBudget() {
    JsonPath p = SentrySdkTest.project("keys-" + System.nanoTime());
    long project = p.getLong("project.id");
    String good = p.getString("key.key");
    // Documentation addresses, as a trusted proxy (the test's own loopback peer) forwards them.
    String client = "203.0.113." + (1 + (int) (System.nanoTime() % 200));
    String neighbour = "2001:db8:" + Long.toHexString(System.nanoTime() & 0xffff) + "::7";
    send(project, good, client).then().statusCode(200);

    List<String> madeUp = new ArrayList<>();
    for (int i = 0; i < FloodCaps.UNKNOWN_KEYS; i++) {
      madeUp.add(UUID.randomUUID().toString().replace("-", ""));
      send(project, madeUp.get(i), client).then().statusCode(401);
    }
    madeUp.add("spent" + UUID.randomUUID().toString().replace("-", ""));
    send(project, madeUp.get(madeUp.size() - 1), client)
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:autopilot:problem:rate-limited"));
    // The good key is cached: it still answers from this address; others have their own budget.
    send(project, good, client).then().statusCode(200);
    String other = UUID.randomUUID().toString().replace("-", "");
    madeUp.add(other);
    send(project, other, neighbour).then().statusCode(401);

    Set<Object> cached = keys.as(CaffeineCache.class).keySet();
    assertTrue(cached.contains(IncidentProjectRepository.hash(good)), "the good key stays");
    assertEquals(
        List.of(),
        madeUp.stream().filter(k -> cached.contains(IncidentProjectRepository.hash(k))).toList(),
        "no made-up key takes a place in the cache");
  }

  private static Response send(long project, String key, String client) {
    String event = IngestFloodTest.event(UUID.randomUUID(), "Keyed");
    return RestAssured.given()
        .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
        .header("X-Forwarded-For", client)
        .contentType("application/x-sentry-envelope")
        .body(("{}\n{\"type\":\"event\"}\n" + event).getBytes(StandardCharsets.UTF_8))
        .post("/api/" + project + "/envelope/");
  }
}
