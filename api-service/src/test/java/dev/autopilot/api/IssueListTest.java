package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IssueListTest {

  @Test
  void keysetPagesCoverEveryIssueOnceNewestFirst() {
    String word = "page" + UUID.randomUUID().toString().substring(0, 8);
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(Fixtures.issue(word + " item " + i));
    }
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var req = VIEWER.req().queryParam("q", word).queryParam("limit", 3);
      if (cursor != null) {
        req = req.queryParam("cursor", cursor);
      }
      JsonPath page = req.get("/api/autopilot/issues").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.id", Long.class));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertEquals(3, pages);
    java.util.Collections.reverse(created);
    assertEquals(created, seen);
  }

  @Test
  void filtersAndCountsPerStatus() {
    String word = "cnt" + UUID.randomUUID().toString().substring(0, 8);
    long a = Fixtures.issue(Map.of("title", word + " a", "kind", "bug"));
    long b = Fixtures.issue(Map.of("title", word + " b", "kind", "bug", "hand_off", true));
    Fixtures.issue(Map.of("title", word + " c", "kind", "chore", "assignee", "zoe" + word));
    TestDb.forceStatus(a, "DONE");

    JsonPath bugs =
        VIEWER
            .req()
            .queryParam("q", word)
            .queryParam("kind", "bug")
            .get("/api/autopilot/issues")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of(b, a), bugs.getList("items.id", Long.class));
    assertEquals(1, bugs.getInt("counts.done"));
    assertEquals(1, bugs.getInt("counts.ready"));
    assertEquals(0, bugs.getInt("counts.backlog"));

    JsonPath ready =
        VIEWER
            .req()
            .queryParam("q", word)
            .queryParam("status", "ready,done")
            .get("/api/autopilot/issues")
            .then()
            .extract()
            .jsonPath();
    assertEquals(List.of(b, a), ready.getList("items.id", Long.class));
    assertEquals(1, ready.getInt("counts.backlog"), "counts ignore the status filter");
    assertNull(ready.getString("next_cursor"));
    // A board's other column requests skip the counts; the items are the same.
    VIEWER
        .req()
        .queryParam("q", word)
        .queryParam("status", "ready,done")
        .queryParam("counts", "false")
        .get("/api/autopilot/issues")
        .then()
        .body("counts", org.hamcrest.Matchers.nullValue())
        .body("items.id", org.hamcrest.Matchers.contains((int) b, (int) a));

    JsonPath mine =
        VIEWER
            .req()
            .queryParam("assignee", "zoe" + word)
            .get("/api/autopilot/issues")
            .then()
            .extract()
            .jsonPath();
    assertEquals(1, mine.getList("items").size());
  }

  @Test
  void textSearchMatchesWordsPrefixesAndNumbers() {
    String word = "srch" + UUID.randomUUID().toString().substring(0, 8);
    long id =
        Fixtures.issue(Map.of("title", "Checkout " + word, "body", "payment provider times out"));
    assertEquals(List.of(id), ids(word.substring(0, 8) + " paym"));
    assertEquals(List.of(), ids(word + " refund"));
    assertTrue(ids("#" + id).contains(id));
    assertEquals(List.of(), ids("'); drop table issue; --" + word));
  }

  @Test
  void badParametersAreProblems() {
    for (Map<String, Object> params :
        List.<Map<String, Object>>of(
            Map.of("limit", 0),
            Map.of("limit", 201),
            Map.of("status", "doing"),
            Map.of("kind", "epic"),
            Map.of("cursor", "not-a-cursor"))) {
      VIEWER
          .req()
          .queryParams(params)
          .get("/api/autopilot/issues")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }

  private static List<Long> ids(String q) {
    return VIEWER
        .req()
        .queryParam("q", q)
        .get("/api/autopilot/issues")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }

  @Test
  void storedTextHasHiddenCharactersRemoved() {
    long id =
        Fixtures.issue(
            Map.of("title", "Fix\u202e login\u200b", "body", "line1\r\nline2\u0007\u0000"));
    var json = VIEWER.req().get("/api/autopilot/issues/" + id).then().extract().jsonPath();
    assertEquals("Fix login", json.getString("title"));
    assertEquals("line1\nline2", json.getString("body"));
  }
}
