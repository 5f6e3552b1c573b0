package dev.autopilot.api.testing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the board tests: one Chromium per class, and sign-in through the OIDC code flow. */
public abstract class BrowserTest {

  protected static Playwright playwright;
  protected static com.microsoft.playwright.Browser chromium;

  @TestHTTPResource("/")
  protected URL base;

  @BeforeAll
  static void launchBrowser() {
    playwright = Browser.playwright();
    chromium = Browser.launch(playwright);
  }

  @AfterAll
  static void closeBrowser() {
    if (playwright != null) {
      playwright.close();
      playwright = null;
    }
  }

  /** A fresh browser context signed in through the (mock) provider's login page. */
  protected Page signIn() {
    Page page = chromium.newContext().newPage();
    page.navigate(base + "autopilot/login");
    page.click("#login");
    page.waitForURL("**/autopilot/**");
    assertThat(page.locator("#me")).hasText("alice");
    return page;
  }
}
