package dev.autopilot.api.testing;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;

/** Short ways to make test data through the real API. */
public final class Fixtures {

  private Fixtures() {}

  /** Creates an issue as a reviewer and returns its id. */
  public static long issue(String title) {
    return issue(Map.of("title", title));
  }

  /** Creates an issue with these fields as a reviewer and returns its id. */
  public static long issue(Map<String, Object> fields) {
    return Caller.REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(new HashMap<>(fields))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** A project key no other test uses: the tests share one database. */
  public static String projectKey() {
    StringBuilder key = new StringBuilder("t");
    for (int i = 0; i < 7; i++) {
      key.append((char) ('a' + java.util.concurrent.ThreadLocalRandom.current().nextInt(26)));
    }
    return key.toString();
  }

  /** Creates an issue and forces it into {@code status} (wire name). */
  public static long issueIn(String status) {
    long id = issue("in " + status);
    TestDb.forceStatus(id, status.toUpperCase());
    Caller.VIEWER.req().get("/api/autopilot/issues/" + id).then().body("status", equalTo(status));
    return id;
  }
}
