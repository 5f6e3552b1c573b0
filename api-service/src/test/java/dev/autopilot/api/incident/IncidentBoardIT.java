package dev.autopilot.api.incident;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.autopilot.api.testing.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An incident's issue in the drawer, in real Chromium, from a hostile application's event. */
@QuarkusTest
class IncidentBoardIT extends BrowserTest {

  @Test
  void theDrawerShowsTheLiveCountAndTheEventsTextStaysText() {
    JsonPath p = SentrySdkTest.project("board-" + System.nanoTime());
    long project = p.getLong("project.id");
    String hostile = "<img src=x onerror=alert(1)> ``` [click](javascript:alert(2))";
    for (int i = 0; i < 3; i++) {
      String event =
          "{\"event_id\":\""
              + UUID.randomUUID().toString().replace("-", "")
              + "\",\"release\":\"web@2 <b>bold</b>\",\"exception\":{\"values\":[{\"type\":\"TypeError\","
              + "\"value\":\""
              + hostile
              + "\",\"stacktrace\":{\"frames\":[{\"filename\":\"app.js\",\"function\":\"pay\",\"in_app\":true}]}}]}}";
      RestAssured.given()
          .header("X-Sentry-Auth", "Sentry sentry_key=" + p.getString("key.key"))
          .body(("{}\n{\"type\":\"event\"}\n" + event).getBytes(StandardCharsets.UTF_8))
          .post("/api/" + project + "/envelope/")
          .then()
          .statusCode(200);
    }
    long issue = ((Number) SentrySdkTest.groups(project).get(0).get("issue_id")).longValue();

    Page page = signIn();
    page.navigate(base + "autopilot/?issue=" + issue);
    Locator drawer = page.locator("#drawer");
    assertThat(drawer.locator(".incident-count")).containsText("Seen 3 time(s)");
    assertThat(drawer.locator(".incident")).containsText("web@2 <b>bold</b>");
    assertThat(drawer).containsText("onerror=alert(1)");
    assertEquals(0, drawer.locator("img").count(), "the event's markup stays text");
    assertEquals(0, drawer.locator("a[href^='javascript']").count());
    assertEquals(0, drawer.locator("b").count());
  }
}
