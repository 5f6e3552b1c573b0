package dev.autopilot.api.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An endpoint subscribed to one project hears about that project's issues and no other's. */
@QuarkusTest
class NotificationProjectsTest {

  @Test
  void anEndpointSubscribedToAProjectHearsOnlyItsIssues() throws Exception {
    String shop = WebhookReceiver.SHOP_PROJECT;
    int created =
        Caller.ADMIN
            .req()
            .contentType(ContentType.JSON)
            .body(Map.of("key", shop, "name", "Notified shop"))
            .post("/api/autopilot/projects")
            .statusCode();
    assertTrue(created == 201 || created == 409, "made here or by an earlier run: " + created);
    long other = blocked(null, "Blocked elsewhere");
    long ours = blocked(shop, "Blocked in the shop");

    long deadline = System.nanoTime() + 15_000_000_000L;
    while ((on("/shop", ours).isEmpty() || on("/slack", other).isEmpty())
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    List<String> shopHears = on("/shop", ours);
    assertEquals(1, shopHears.size(), WebhookReceiver.received().toString());
    assertTrue(shopHears.get(0).contains(shop.toUpperCase() + "-"), shopHears.get(0));
    assertEquals(1, on("/slack", other).size(), "the unfiltered endpoint hears the other one");
    assertEquals(List.of(), on("/shop", other), "not the other project's issue");
  }

  private static long blocked(String project, String title) {
    Map<String, Object> fields =
        project == null
            ? Map.of("title", title, "hand_off", true)
            : Map.of("project", project, "title", title, "hand_off", true);
    long id = Fixtures.issue(fields);
    Runner.report(Runner.mustClaim(id, 600), Map.of("outcome", "blocked", "question", "Which one?"))
        .then()
        .statusCode(200);
    return id;
  }

  // Deliveries to a path about an issue (the board link names its id).
  private static List<String> on(String path, long issue) {
    return WebhookReceiver.received().stream()
        .filter(d -> d.path().equals(path) && d.body().contains("?issue=" + issue + "|"))
        .map(WebhookReceiver.Delivery::body)
        .toList();
  }
}
