package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A file name with a right-to-left override reads as another name ("invoice‮txt.exe" shows as
 * "invoiceexe.txt"). In Chromium the board shows it as committed, the override written out and
 * marked, and warns of the run.
 */
@QuarkusTest
class BoardHiddenNamesIT extends BrowserTest {

  @Test
  void aBidiFileNameIsShownEscapedMarkedAndWarnedOf() {
    long id =
        Fixtures.issue(Map.of("title", "Hidden names " + System.nanoTime(), "hand_off", true));
    Runner.Claim claim = Runner.mustClaim(id, 600);
    // As a runner older than the escaping sends it: the raw characters, which the server keeps.
    String name = "invoice\u202Etxt.exe";
    String zeroWidth = "read\u200Bme.md";
    Runner.report(
            claim,
            Map.of(
                "outcome", "implemented",
                "branch", "autopilot/issue-" + id,
                "diff_stat", " " + name + " | 1 +\n " + zeroWidth + " | 1 +\n 2 files changed",
                "patch",
                    "diff --git a/"
                        + name
                        + " b/"
                        + name
                        + "\n@@ -0,0 +1 @@\n+x\ndiff --git a/"
                        + zeroWidth
                        + " b/"
                        + zeroWidth
                        + "\n@@ -0,0 +1 @@\n+y\n"))
        .then()
        .statusCode(200);

    Page page = signIn();
    page.navigate(base + "autopilot/?issue=" + id);
    Locator drawer = page.locator("#drawer");
    Locator warning = drawer.locator(".names-warning");
    assertThat(warning.locator(".badge")).hasText("suspicious file names");
    assertThat(warning.locator("li"))
        .containsText(new String[] {"invoice<U+202E>txt.exe", "read<U+200B>me.md"});
    assertThat(warning.locator("li").first().locator("mark.hidden-char")).hasText("<U+202E>");
    assertThat(drawer.locator(".patch .file").first())
        .hasText("diff --git a/invoice<U+202E>txt.exe b/invoice<U+202E>txt.exe\n");
    assertThat(drawer.locator(".patch .file").first().locator("mark.hidden-char")).hasCount(2);
    assertThat(drawer.locator("pre.stat mark.hidden-char")).hasCount(2);
    assertThat(drawer.locator("table.runs .badge.danger")).hasText("suspicious file names");
    // Nothing on the page reorders or hides text: the characters themselves are not in it.
    assertEquals(
        false,
        page.evaluate(
            "() => /[\\u202A-\\u202E\\u2066-\\u2069\\u200B]/.test(document.body.innerText)"));
  }
}
