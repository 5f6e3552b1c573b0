package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.autopilot.api.BoardUiIT.card;
import static dev.autopilot.api.BoardUiIT.column;

import com.microsoft.playwright.Page;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The board's project switcher, its all-projects view and links that name an issue by ref. */
@QuarkusTest
class BoardProjectsIT extends BrowserTest {

  @Test
  void theSwitcherShowsOneProjectRemembersItAndTheAllViewNamesEachCardsProject() {
    String a = Fixtures.projectKey();
    String b = Fixtures.projectKey();
    project(a, "Alpha " + a);
    project(b, "Beta " + b);
    String tag = "sw" + System.nanoTime();
    long onA = Fixtures.issue(Map.of("project", a, "title", tag + " on A"));
    long onB = Fixtures.issue(Map.of("project", b, "title", tag + " on B"));

    Page page = signIn();
    page.selectOption("#project-filter", a);
    page.fill("#search", tag);
    assertThat(column(page, "backlog").locator(card(onA))).isVisible();
    assertThat(column(page, "backlog").locator(card(onB))).hasCount(0);

    page.reload();
    assertThat(page.locator("#project-filter")).hasValue(a);
    page.fill("#search", tag);
    assertThat(column(page, "backlog").locator(card(onA))).isVisible();
    assertThat(column(page, "backlog").locator(card(onB))).hasCount(0);

    page.selectOption("#project-filter", "");
    assertThat(column(page, "backlog").locator(card(onB))).containsText(b.toUpperCase() + "-1");
    assertThat(column(page, "backlog").locator(card(onA))).containsText(a.toUpperCase() + "-1");

    // New issues go to the project the board shows.
    page.selectOption("#project-filter", b);
    page.click("#new-issue");
    assertThat(page.locator("#create-project")).hasValue(b);
  }

  @Test
  void aLinkNamingAnIssueByRefOpensItsDrawer() {
    String key = Fixtures.projectKey();
    project(key, "Linked " + key);
    Fixtures.issue(Map.of("project", key, "title", "Reached by its ref"));
    Page page = signIn();
    page.navigate(base + "autopilot/?issue=" + key.toUpperCase() + "-1");
    assertThat(page.locator("#drawer .title")).hasText("Reached by its ref");
    assertThat(page.locator("#drawer .ref")).containsText(key.toUpperCase() + "-1");
  }

  private static void project(String key, String name) {
    Caller.ADMIN
        .req()
        .contentType("application/json")
        .body(Map.of("key", key, "name", name))
        .post("/api/autopilot/projects")
        .then()
        .statusCode(201);
  }
}
