package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The board's "no runner is taking work" warning comes from here. */
@QuarkusTest
class QueueHealthTest {

  @Test
  void readyWorkThatNobodyTakesIsStalledAndAClaimEndsIt() {
    // Start from an empty queue: park what earlier tests left ready or running.
    TestDb.update("update issue set status = 'BACKLOG' where status in ('READY', 'IN_PROGRESS')");
    JsonPath empty = queue();
    assertEquals(0, empty.getLong("ready"));
    assertEquals(0, empty.getLong("running"));
    assertNull(empty.getString("oldest_ready_at"));
    assertFalse(empty.getBoolean("stalled"));

    long id = Fixtures.issue(Map.of("title", "waits for a runner", "hand_off", true));
    long human = Fixtures.issue(Map.of("title", "made human-only while ready", "hand_off", true));
    TestDb.update("update issue set human_only = true where id = ?", human);
    JsonPath fresh = queue();
    assertEquals(1, fresh.getLong("ready"), "human-only issues are not claimable work");
    assertFalse(fresh.getBoolean("stalled"), "just handed off");

    TestDb.update(
        "update issue set status_changed_at = now() - interval '10 minutes' where id = ?", id);
    JsonPath waiting = queue();
    assertTrue(waiting.getBoolean("stalled"), waiting.prettify());
    Instant oldest = Instant.parse(waiting.getString("oldest_ready_at"));
    assertTrue(oldest.isBefore(Instant.now().minus(Duration.ofMinutes(9))), oldest.toString());

    Runner.mustClaim(id, 600);
    JsonPath taken = queue();
    assertEquals(0, taken.getLong("ready"));
    assertEquals(1, taken.getLong("running"));
    assertFalse(taken.getBoolean("stalled"));
  }

  @Test
  void eachProjectHasItsOwnQueueAndTheRunnersThatServeIt() {
    String project = Fixtures.projectKey();
    dev.autopilot.api.testing.Caller.ADMIN
        .req()
        .contentType("application/json")
        .body(Map.of("key", project, "name", "Queue of its own"))
        .post("/api/autopilot/projects")
        .then()
        .statusCode(201);
    long first = Fixtures.issue(Map.of("project", project, "title", "one", "hand_off", true));
    Fixtures.issue(Map.of("project", project, "title", "two", "hand_off", true));
    TestDb.update(
        "update issue set status_changed_at = now() - interval '10 minutes' where id = ?", first);
    JsonPath waiting = queue(project);
    assertEquals(2, waiting.getLong("ready"));
    assertEquals(0, waiting.getLong("running"));
    assertTrue(waiting.getBoolean("stalled"), "nobody serves it");
    assertEquals(List.of(), waiting.getList("runners"), "no runner has taken its work");

    Runner.claim(first, 600, "queue-host/slot-2", true).then().statusCode(200);
    JsonPath served = queue(project);
    assertEquals(1, served.getLong("ready"));
    assertEquals(1, served.getLong("running"));
    assertFalse(served.getBoolean("stalled"));
    assertEquals(List.of("queue-host"), served.getList("runners"));
    VIEWER.req().get("/api/autopilot/queue?project=nosuch").then().statusCode(404);
  }

  private static JsonPath queue(String project) {
    return VIEWER
        .req()
        .queryParam("project", project)
        .get("/api/autopilot/queue")
        .then()
        .statusCode(200)
        .body("project", org.hamcrest.Matchers.equalTo(project))
        .extract()
        .jsonPath();
  }

  private static JsonPath queue() {
    return VIEWER.req().get("/api/autopilot/queue").then().statusCode(200).extract().jsonPath();
  }
}
