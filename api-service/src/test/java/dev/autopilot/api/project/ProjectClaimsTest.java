package dev.autopilot.api.project;

import static dev.autopilot.api.project.ProjectApiTest.create;
import static dev.autopilot.api.project.ProjectApiTest.freshKey;
import static dev.autopilot.api.testing.Caller.RUNNER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A runner names the projects it serves and claims only their issues, in the same one-statement
 * claim; the hand-off messages carry the project so it can skip the rest unasked.
 */
@QuarkusTest
class ProjectClaimsTest {

  @Test
  void aRunnerClaimsOnlyTheProjectsItServes() {
    String a = freshKey();
    String b = freshKey();
    create(Map.of("key", a, "name", "A")).then().statusCode(201);
    create(Map.of("key", b, "name", "B")).then().statusCode(201);
    Set<Long> ofA = new TreeSet<>();
    Set<Long> ofB = new TreeSet<>();
    for (int i = 0; i < 3; i++) {
      ofA.add(Fixtures.issue(Map.of("project", a, "title", "A " + i, "hand_off", true)));
      ofB.add(Fixtures.issue(Map.of("project", b, "title", "B " + i, "hand_off", true)));
    }
    assertEquals(3, TestDb.count("select count(*) from outbox where project = ?", a));

    List<Response> grants = claimAll(List.of(a, "nosuch"));
    assertEquals(ofA, ids(grants), "only A's issues, and every one of them");
    Response first = grants.get(0);
    assertEquals(a, first.jsonPath().getString("issue.project"));
    assertEquals(
        a.toUpperCase() + "-",
        first.jsonPath().getString("issue.ref").substring(0, a.length() + 1));

    assertEquals(List.of(), claimAll(List.of("nosuch")), "a project with no issues gives nothing");
    assertEquals(ofB, ids(claimAll(List.of(b.toUpperCase()))), "keys in any case");

    claim(List.of("not a key")).then().statusCode(400).contentType("application/problem+json");
  }

  private static List<Response> claimAll(List<String> projects) {
    List<Response> grants = new ArrayList<>();
    for (Response r = claim(projects); r.statusCode() == 200; r = claim(projects)) {
      grants.add(r);
    }
    return grants;
  }

  private static Response claim(List<String> projects) {
    Map<String, Object> body = new HashMap<>();
    body.put("runner_id", "project-runner/slot-1");
    body.put("lease_seconds", 600);
    body.put("projects", projects);
    return RUNNER
        .req()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/autopilot/runner/claims");
  }

  private static Set<Long> ids(List<Response> grants) {
    Set<Long> ids = new TreeSet<>();
    grants.forEach(g -> ids.add(g.jsonPath().getLong("issue.id")));
    return ids;
  }
}
