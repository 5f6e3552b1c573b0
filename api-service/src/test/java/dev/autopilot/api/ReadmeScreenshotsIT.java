package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.autopilot.api.BoardUiIT.column;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's screenshots: a board a team could have on a Tuesday, made through the real API, in
 * Chromium. Written to {@code target/screenshots/}; copy them to {@code docs/} when the board's
 * look changes.
 */
@QuarkusTest
class ReadmeScreenshotsIT extends BrowserTest {

  private static final String PATCH =
      """
      diff --git a/src/search/SearchService.java b/src/search/SearchService.java
      @@ -14,9 +14,14 @@ public class SearchService {
         private final IssueIndex index;
      +  private final Cache<String, List<Hit>> recent =
      +      Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(60)).maximumSize(500).build();

         public List<Hit> search(String query) {
      -    return index.query(normalise(query));
      +    // Typing fires a search per key: the same prefix comes back many times a second.
      +    return recent.get(normalise(query), index::query);
         }
      """;

  @Test
  void aBoardWithSomethingInEveryColumn() {
    // Only this story on the board: ids from 1, as on a new installation.
    TestDb.update(
        "truncate table issue, issue_comment, issue_status_change, attachment,"
            + " attachment_content, run, run_event, outbox restart identity cascade");
    long shipped =
        Fixtures.issue(Map.of("title", "Show the build number in the footer", "hand_off", true));
    Runner.report(
        Runner.mustClaim(shipped, 600),
        Map.of("outcome", "implemented", "branch", "autopilot/issue-" + shipped, "cost_usd", 0.21));
    move(shipped, "done");
    Fixtures.issue(Map.of("title", "Export the board as CSV", "kind", "feature"));
    Fixtures.issue(Map.of("title", "Upgrade to Quarkus 3.33", "kind", "chore"));
    Caller.ANONYMOUS
        .req()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "message",
                "The checkout button does nothing on Firefox",
                "page",
                "https://shop.example/cart"))
        .post("/api/autopilot/feedback")
        .then()
        .statusCode(201);
    Fixtures.issue(
        Map.of(
            "title",
            "Login fails on Safari 17 when cookies are blocked",
            "kind",
            "bug",
            "priority",
            "urgent",
            "hand_off",
            true));
    Fixtures.issue(Map.of("title", "Keyboard shortcut to assign an issue to me", "hand_off", true));
    long running =
        Fixtures.issue(
            Map.of(
                "title", "Dark theme for the settings page", "hand_off", true, "priority", "high"));
    Runner.mustClaim(running, 600);
    long blocked =
        Fixtures.issue(
            Map.of("title", "Rename user_name to username in the public API", "hand_off", true));
    Runner.report(
        Runner.mustClaim(blocked, 600),
        Map.of(
            "outcome",
            "blocked",
            "question",
            "Clients still send user_name. Keep it as an alias for one release, or break them now?"));
    long review =
        Fixtures.issue(
            Map.of(
                "title",
                "Cache search results for 60 seconds",
                "body",
                "Typing in the search box sends a query per key press. Cache results for a"
                    + " minute so the database sees one query per **distinct** search.",
                "hand_off",
                true));
    Runner.report(
        Runner.mustClaim(review, 600),
        Map.of(
            "outcome",
            "implemented",
            "branch",
            "autopilot/issue-" + review,
            "summary",
            "Search results are cached for 60 s (at most 500 queries) with Caffeine.",
            "diff_stat",
            " src/search/SearchService.java | 7 ++++++-",
            "patch",
            PATCH,
            "cost_usd",
            0.37));

    Page page = signIn();
    page.setViewportSize(1280, 800);
    for (var column :
        Map.of(
                "backlog", 3,
                "ready", 2,
                "in_progress", 1,
                "blocked", 1,
                "in_review", 1,
                "done", 1)
            .entrySet()) {
      assertThat(column(page, column.getKey()).locator(".card")).hasCount(column.getValue());
    }
    assertThat(page.locator("#unsandboxed")).isHidden();
    shoot(page, "board.png");

    page.navigate(base + "autopilot/?issue=" + review);
    Locator drawer = page.locator("#drawer");
    assertThat(drawer.locator(".patch .add").first()).isVisible();
    assertThat(drawer.locator(".markdown strong")).hasText("distinct");
    shoot(page, "drawer.png");
  }

  private static void move(long id, String status) {
    Caller.REVIEWER
        .req()
        .contentType(ContentType.JSON)
        .body(Map.of("status", status))
        .post("/api/autopilot/issues/" + id + "/status")
        .then()
        .statusCode(200);
  }

  private static void shoot(Page page, String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(Path.of("target/screenshots").resolve(name)));
  }
}
