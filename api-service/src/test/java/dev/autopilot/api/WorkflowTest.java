package dev.autopilot.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Every (from, to, role) pair of the status endpoint, against the policy written out by hand. */
@QuarkusTest
class WorkflowTest {

  private static final List<String> STATUSES =
      List.of("backlog", "ready", "in_progress", "blocked", "in_review", "done");

  /** The moves a reviewer may make, straight from the product rules (not from the code). */
  private static final Set<String> REVIEWER_MOVES =
      Set.of(
          "backlog>ready",
          "ready>backlog",
          "in_progress>backlog",
          "in_progress>blocked",
          "blocked>ready",
          "blocked>backlog",
          "in_review>done",
          "in_review>ready",
          "in_review>backlog",
          "done>backlog");

  @Test
  void everyPairForEveryRole() {
    List<String> mismatches = new ArrayList<>();
    for (String from : STATUSES) {
      long shared = Fixtures.issueIn(from);
      for (String to : STATUSES) {
        for (Caller caller : Caller.values()) {
          boolean legal = REVIEWER_MOVES.contains(from + ">" + to);
          boolean mover = caller == Caller.REVIEWER || caller == Caller.PROJECT_REVIEWER;
          long id = mover && legal ? Fixtures.issueIn(from) : shared;
          int expected =
              switch (caller) {
                case ANONYMOUS -> 401;
                case VIEWER, RUNNER, ADMIN, PROJECT_VIEWER -> 403;
                case REVIEWER, PROJECT_REVIEWER -> legal ? 200 : 409;
              };
          Response response = move(caller, id, to);
          String status = currentStatus(id);
          String expectedStatus = expected == 200 ? to : from;
          if (response.statusCode() != expected || !status.equals(expectedStatus)) {
            mismatches.add(
                "%s %s>%s: got %d (now %s), expected %d (%s)"
                    .formatted(
                        caller, from, to, response.statusCode(), status, expected, expectedStatus));
          }
          if (expected != 200) {
            assertEquals(
                "application/problem+json", response.contentType(), caller + " " + from + ">" + to);
          }
        }
      }
    }
    assertEquals(List.of(), mismatches);
  }

  @Test
  void aSuccessfulMoveIsRecordedWithActorAndReason() {
    long id = Fixtures.issueIn("in_review");
    Caller.REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "done", "reason", "merged by hand"))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(200);
    var history =
        Caller.VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().jsonPath();
    assertEquals("in_review", history.getString("history[-1].from"));
    assertEquals("done", history.getString("history[-1].to"));
    assertEquals("test-reviewer", history.getString("history[-1].actor"));
    assertEquals("merged by hand", history.getString("history[-1].reason"));
  }

  @Test
  void humanOnlyNeverReachesInProgress() {
    long id = Fixtures.issue(Map.of("title", "Legal review", "human_only", true));
    // Even the database refuses it, whatever code path tries.
    assertThrows(
        IllegalStateException.class,
        () -> TestDb.update("update issue set status = 'IN_PROGRESS' where id = ?", id));
    long running = Fixtures.issueIn("in_progress");
    Caller.REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("human_only", true))
        .patch("/api/autopilot/issues/" + running)
        .then()
        .statusCode(409);
  }

  @Test
  void aHumanOnlyIssueIsNeitherOfferedNorMovedToReady() {
    // From every status with a reviewer's move to ready: backlog (hand off), blocked (answer),
    // in review (re-run). Ready is the agents' queue; there it would wait for nobody.
    for (String from : List.of("backlog", "blocked", "in_review")) {
      long id = Fixtures.issueIn(from);
      Caller.REVIEWER
          .req()
          .contentType(ContentType.JSON)
          .body(Map.of("human_only", true))
          .patch("/api/autopilot/issues/" + id)
          .then()
          .statusCode(200);
      List<String> offered =
          Caller.REVIEWER
              .req()
              .get("/api/autopilot/issues/" + id)
              .then()
              .extract()
              .jsonPath()
              .getList("allowed_moves.to");
      // Backlog's one move is the hand-off; blocked and in review keep their moves to backlog.
      assertEquals(!from.equals("backlog"), !offered.isEmpty(), from + " offers " + offered);
      assertFalse(offered.contains("ready"), from + " offers " + offered);
      move(Caller.REVIEWER, id, "ready")
          .then()
          .statusCode(409)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:autopilot:problem:human-only"))
          .body("detail", containsString("human-only"))
          .body("allowed_moves", not(hasItem("ready")));
      assertEquals(from, currentStatus(id));
      // A comment on a blocked human-only issue is only a comment: it does not hand it off.
      Caller.REVIEWER
          .req()
          .contentType(ContentType.JSON)
          .body(Map.of("body", "answered by hand"))
          .post("/api/autopilot/issues/" + id + "/comments")
          .then()
          .statusCode(201);
      assertEquals(from, currentStatus(id));
    }
  }

  @Test
  void concurrentEditsOfOneVersionGiveOneWinnerAndOneConflict() throws Exception {
    for (int round = 0; round < 10; round++) {
      long id = Fixtures.issue("race " + round);
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Integer>> edits = new ArrayList<>();
      for (String title : List.of("first", "second")) {
        edits.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  return Caller.REVIEWER
                      .req()
                      .contentType(ContentType.JSON)
                      .body(Map.of("title", title, "version", 0))
                      .patch("/api/autopilot/issues/" + id)
                      .statusCode();
                }));
      }
      start.countDown();
      List<Integer> codes = new ArrayList<>(edits.stream().map(CompletableFuture::join).toList());
      codes.sort(Integer::compareTo);
      assertEquals(List.of(200, 409), codes, "round " + round);
      assertEquals(1, TestDb.count("select version from issue where id = ?", id));
    }
  }

  private static Response move(Caller caller, long id, String to) {
    return caller
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", to))
        .post("/api/autopilot/issues/" + id + "/status");
  }

  private static String currentStatus(long id) {
    return Caller.VIEWER
        .req()
        .get("/api/autopilot/issues/" + id)
        .then()
        .extract()
        .jsonPath()
        .getString("status");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
