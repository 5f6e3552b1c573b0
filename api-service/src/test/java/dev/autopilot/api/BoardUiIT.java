package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The board in real Chromium, signed in through the (mock) identity provider's code flow. */
@QuarkusTest
class BoardUiIT extends BrowserTest {

  @Test
  void theWholeLoopThroughTheBoardUpdatesLive() {
    Page page = signIn();
    List<String> dialogs = new ArrayList<>();
    page.onDialog(d -> dialogs.add(d.message()));

    page.keyboard().press("n");
    page.fill("input[name=title]", "Board loop " + System.nanoTime());
    page.fill("textarea[name=body]", "Make the **button** blue");
    page.click("#create-submit");
    Locator drawer = page.locator("#drawer");
    assertThat(drawer.locator("strong")).hasText("button");
    // The drawer's link names the issue by its ref (DEFAULT-12).
    String ref = page.url().replaceAll(".*issue=([A-Z][A-Z0-9]*-\\d+).*", "$1");
    long id =
        dev.autopilot.api.testing.Caller.VIEWER
            .req()
            .get("/api/autopilot/issues/" + ref)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("id");
    drawer
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Hand to agents"))
        .click();
    assertThat(column(page, "ready").locator(card(id))).isVisible();

    // A runner claims it: the card moves live, no reload.
    Runner.Claim claim = Runner.mustClaim(id, 600);
    assertThat(column(page, "in_progress").locator(card(id))).isVisible();
    Runner.events(claim, List.of(Map.of("kind", "tool", "text", "Edit button.css")));
    Runner.report(
            claim,
            Map.of(
                "outcome", "implemented",
                "branch", "autopilot/issue-" + id,
                "summary", "Made it blue",
                "diff_stat", " button.css | 2 +-",
                "cost_usd", 0.4213,
                "patch",
                    "diff --git a/button.css b/button.css\n@@ -1 +1 @@\n-color: red;\n+color: blue;\n"))
        .then()
        .statusCode(200);
    assertThat(column(page, "in_review").locator(card(id))).isVisible();
    assertThat(column(page, "in_review").locator(card(id) + " .badge.cost")).hasText("$0.42");
    // Spend against the caps (test: $1 per issue, $250 per day): in the drawer and the header.
    assertThat(drawer.locator(".badge.spend")).hasText("Spent $0.42 of $1.00");
    assertThat(page.locator("#budget")).containsText(" of $250.00");

    // The drawer is still open on this issue and refreshed itself with the diff.
    assertThat(drawer.locator(".patch .add")).hasText("+color: blue;\n");
    assertThat(drawer.locator(".patch .del")).hasText("-color: red;\n");
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/drawer.png")));
    drawer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept")).click();
    assertThat(column(page, "done").locator(card(id))).isVisible();
    page.keyboard().press("Escape");
    assertEquals(List.of(), dialogs);
  }

  @Test
  void aBlockedIssueAnsweredFromTheDrawerGoesBackToReady() {
    Page page = signIn();
    long id = Fixtures.issue(Map.of("title", "Which colour?", "hand_off", true));
    Runner.Claim claim = Runner.mustClaim(id, 600);
    Runner.report(claim, Map.of("outcome", "blocked", "question", "Blue or green?"))
        .then()
        .statusCode(200);
    page.navigate(base + "autopilot/?issue=" + id);
    Locator drawer = page.locator("#drawer");
    assertThat(drawer.locator(".comment.agent")).containsText("Blue or green?");
    drawer.locator("textarea").first().fill("Blue");
    drawer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Answer")).click();
    assertThat(column(page, "ready").locator(card(id))).isVisible();
  }

  @Test
  void theThemeButtonOverridesTheSystemThemeAndIsRemembered() {
    Page page = signIn();
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    String light = background(page);
    page.locator("#theme").click(); // system → light
    assertEquals("light", page.locator("html").getAttribute("data-theme"));
    page.keyboard().press("t"); // light → dark
    assertEquals("dark", page.locator("html").getAttribute("data-theme"));
    String dark = background(page);
    assertNotEquals(light, dark);
    page.reload();
    assertThat(page.locator("#theme")).containsText("dark");
    assertEquals(dark, background(page), "the choice survives a reload");
    page.locator("#theme").click(); // dark → system (light here)
    assertEquals(light, background(page));
  }

  @Test
  void theAssigneeFilterShowsOnlyThatPersonsCards() {
    String tag = "asg" + System.nanoTime();
    long bob = Fixtures.issue(Map.of("title", tag + " for bob", "assignee", "bob-" + tag));
    long carol = Fixtures.issue(Map.of("title", tag + " for carol", "assignee", "carol-" + tag));
    Page page = signIn();
    page.fill("#search", tag);
    assertThat(column(page, "backlog").locator(card(carol))).isVisible();
    page.fill("#assignee-filter", "@bob-" + tag);
    assertThat(column(page, "backlog").locator(card(carol))).isHidden();
    assertThat(column(page, "backlog").locator(card(bob))).containsText("@bob-" + tag);
    page.fill("#assignee-filter", "");
    assertThat(column(page, "backlog").locator(card(carol))).isVisible();
  }

  @Test
  void onAPhoneTheBoardScrollsByColumnAndTheDrawerFitsTheScreen() {
    long id =
        Fixtures.issue(
            Map.of("title", "Phone layout " + System.nanoTime(), "body", "x".repeat(400)));
    Page page = signIn();
    page.setViewportSize(390, 844);
    page.navigate(base + "autopilot/?issue=" + id);
    assertThat(page.locator("#drawer h2")).containsText("Phone layout");
    Number pageWidth = (Number) page.evaluate("document.documentElement.scrollWidth");
    assertTrue(pageWidth.intValue() <= 390, "the page itself never scrolls sideways: " + pageWidth);
    var drawer = page.locator("#drawer").boundingBox();
    assertTrue(drawer.x >= 0 && drawer.x + drawer.width <= 390.5, "drawer " + drawer.width);
    page.keyboard().press("Escape");
    var column = column(page, "backlog").boundingBox();
    assertTrue(column.width > 280 && column.width <= 330, "one column per screen: " + column.width);
    Number boardScroll = (Number) page.evaluate("document.getElementById('board').scrollWidth");
    assertTrue(boardScroll.intValue() > 390 * 5, "the board scrolls column by column");
  }

  @Test
  void onALaptopScreenAllSixColumnsFitWithoutScrolling() {
    // A board with something in every column, also the README's screenshot.
    Fixtures.issue(Map.of("title", "Export issues as CSV", "kind", "feature"));
    Fixtures.issue(Map.of("title", "Rename AbstractSingletonProxyFactoryBeanConfigurationHelper"));
    Fixtures.issue(
        Map.of(
            "title",
            "Login fails on Safari",
            "kind",
            "bug",
            "priority",
            "urgent",
            "hand_off",
            true));
    long running =
        Fixtures.issue(Map.of("title", "Add a dark theme", "hand_off", true, "priority", "high"));
    Runner.mustClaim(running, 600);
    long blocked = Fixtures.issue(Map.of("title", "Rename the API field", "hand_off", true));
    Runner.report(
        Runner.mustClaim(blocked, 600),
        Map.of("outcome", "blocked", "question", "Keep the old name as an alias?"));
    long review = Fixtures.issue(Map.of("title", "Cache the search index", "hand_off", true));
    Runner.report(
        Runner.mustClaim(review, 600),
        Map.of("outcome", "implemented", "branch", "autopilot/issue-" + review, "cost_usd", 0.37));
    Page page = signIn();
    page.setViewportSize(1280, 800);
    assertThat(column(page, "in_progress").locator(card(running) + " .spinner")).isVisible();
    var done = column(page, "done").boundingBox();
    assertTrue(done.x + done.width <= 1280, "the last column ends at " + (done.x + done.width));
    Number overflow =
        (Number)
            page.evaluate(
                "(() => { const b = document.getElementById('board');"
                    + " return b.scrollWidth - b.clientWidth; })()");
    assertEquals(0, overflow.intValue(), "the board does not scroll sideways");
    Object wide =
        page.evaluate(
            "[...document.querySelectorAll('.card')]"
                + ".filter(c => c.scrollWidth > c.clientWidth).map(c => c.dataset.id)");
    assertEquals(List.of(), wide, "a long word wraps inside its card");
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/board.png")));
  }

  @Test
  void readyWorkThatNoRunnerTakesIsCalledOutInTheReadyColumn() {
    Page page = signIn();
    String oldest = java.time.Instant.now().minusSeconds(7 * 60).toString();
    queueAnswers(
        page,
        "{\"ready\":3,\"running\":0,\"oldest_ready_at\":\"" + oldest + "\",\"stalled\":true}");
    assertThat(column(page, "ready").locator(".stall"))
        .hasText(
            "No runner is taking work: 3 ready, the oldest waiting 7 min."
                + " Is a runner running (AUTOPILOT_RUNNER=1)?");
    assertThat(column(page, "backlog").locator(".stall")).hasCount(0);

    queueAnswers(page, "{\"ready\":3,\"running\":1,\"stalled\":false}");
    assertThat(column(page, "ready")).isVisible(); // rendered only once /queue answered
    assertThat(page.locator(".stall")).hasCount(0);
  }

  @Test
  void aFailedRunsReasonExplainsItselfOnHover() {
    long id =
        Fixtures.issue(Map.of("title", "Touch the CI " + System.nanoTime(), "hand_off", true));
    Runner.report(
            Runner.mustClaim(id, 600),
            Map.of(
                "outcome", "failed",
                "failure_reason", "protected",
                "failure_detail", "The agent changed .github/workflows/x.yml <b>bold</b>"))
        .then()
        .statusCode(200);
    Page page = signIn();
    page.navigate(base + "autopilot/?issue=" + id);
    Locator reason =
        page.locator("#drawer table.runs td", new Page.LocatorOptions().setHasText("protected"));
    assertThat(reason)
        .hasAttribute("title", "The agent changed .github/workflows/x.yml <b>bold</b>");
  }

  @Test
  void anUnsandboxedRunIsMarkedInTheDrawerAndItsRunnerNamedOnTheBoardAsText() {
    String host = "bare<b>" + System.nanoTime() + "</b>";
    long id = Fixtures.issue(Map.of("title", "No sandbox " + System.nanoTime(), "hand_off", true));
    Runner.Claim claim = Runner.parse(Runner.claim(id, 600, host + "/slot-1", false));
    Runner.report(claim, Map.of("outcome", "no_changes")).then().statusCode(200);
    Page page = signIn();
    page.navigate(base + "autopilot/?issue=" + id);
    Locator banner = page.locator("#unsandboxed");
    assertThat(banner).containsText(host);
    Locator badge = page.locator("#drawer table.runs td .badge.unsandboxed");
    assertThat(badge).hasText("unsandboxed");
    assertThat(badge)
        .hasAttribute(
            "title",
            "This runner ran the agent without its OS sandbox (AUTOPILOT_AGENT_SANDBOX=off)");
    Locator runner =
        page.locator("#drawer table.runs td", new Page.LocatorOptions().setHasText(host));
    assertThat(runner).hasText(host + "/slot-1 unsandboxed");
    assertThat(page.locator("#unsandboxed b, #drawer table.runs b")).hasCount(0);

    queueAnswers(
        page,
        "{\"ready\":0,\"running\":0,\"stalled\":false,"
            + "\"unsandboxed_runners\":[\"gpu-1\",\"<img src=x>\"]}");
    assertThat(banner)
        .hasText(
            "Agents ran without their OS sandbox (AUTOPILOT_AGENT_SANDBOX=off) on: gpu-1, <img"
                + " src=x>.");
    assertThat(banner.locator("img")).hasCount(0);
    queueAnswers(page, "{\"ready\":0,\"running\":0,\"stalled\":false,\"unsandboxed_runners\":[]}");
    assertThat(column(page, "ready")).isVisible(); // rendered only once /queue answered
    assertThat(banner).isHidden();
    TestDb.forgetUnsandboxedRuns("bare<b>");
  }

  /** Reloads the board with {@code GET /queue} answering {@code json}. */
  private static void queueAnswers(Page page, String json) {
    page.unroute("**/api/autopilot/queue");
    page.route(
        "**/api/autopilot/queue",
        route ->
            route.fulfill(
                new com.microsoft.playwright.Route.FulfillOptions()
                    .setContentType("application/json")
                    .setBody(json)));
    page.reload();
  }

  private static String background(Page page) {
    return (String) page.evaluate("getComputedStyle(document.body).backgroundColor");
  }

  static Locator column(Page page, String status) {
    return page.locator(".column[data-status=" + status + "]");
  }

  static String card(long id) {
    return ".card[data-id=\"" + id + "\"]";
  }
}
