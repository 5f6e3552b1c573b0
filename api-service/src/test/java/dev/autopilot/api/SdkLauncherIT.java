package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * sdk.js on a page of the Autopilot origin: live events become clickable toasts with an unread
 * count, a toast opens the board overlay on its issue, and {@code data-toasts="off"} silences it.
 */
@QuarkusTest
class SdkLauncherIT extends BrowserTest {

  @Test
  void aBlockedIssueBecomesAToastThatOpensTheBoardOnIt() {
    Page board = signIn();
    BrowserContext context = board.context();
    // A host page on the Autopilot origin (served by the browser's router, not by the app).
    context.route("**/host/*.html", SdkLauncherIT::hostPage);
    Page host = context.newPage();
    host.navigate(base + "host/toasts.html");
    Page quiet = context.newPage();
    quiet.navigate(base + "host/quiet.html");
    assertThat(host.locator("autopilot-launcher .launch")).containsText("Autopilot");
    assertThat(quiet.locator("autopilot-launcher .launch")).isVisible();

    long id = Fixtures.issue(Map.of("title", "Pick a colour for the SDK", "hand_off", true));
    Runner.Claim claim = Runner.mustClaim(id, 600);
    // The host page must be listening before the event it should show.
    assertThat(host.locator("autopilot-launcher[data-live=on]")).isAttached();
    Runner.report(claim, Map.of("outcome", "blocked", "question", "Blue or green?"))
        .then()
        .statusCode(200);

    assertThat(host.locator("autopilot-launcher .toast")).hasText("#" + id + " needs you");
    assertThat(host.locator("autopilot-launcher .count")).hasText("1");
    assertEquals(0, quiet.locator("autopilot-launcher .toast").count(), "data-toasts=off");

    host.locator("autopilot-launcher .toast").click();
    assertThat(host.locator("autopilot-launcher .overlay")).isVisible();
    assertThat(host.locator("autopilot-launcher .count")).isHidden();
    assertThat(host.frameLocator("autopilot-launcher iframe").locator("#drawer"))
        .containsText("Pick a colour for the SDK");
    host.locator("autopilot-launcher .bar button").click();
    assertThat(host.locator("autopilot-launcher .overlay")).isHidden();
  }

  private static void hostPage(Route route) {
    boolean quiet = route.request().url().endsWith("quiet.html");
    route.fulfill(
        new Route.FulfillOptions()
            .setContentType("text/html; charset=utf-8")
            .setBody(
                "<!doctype html><html><body><h1>Internal tool</h1><script src=\"/autopilot/sdk.js\""
                    + (quiet ? " data-toasts=\"off\"" : "")
                    + "></script></body></html>"));
  }
}
