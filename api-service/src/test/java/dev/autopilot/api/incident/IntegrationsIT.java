package dev.autopilot.api.incident;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The integrations dialog in Chromium: a project's DSN shown once, a revoke, failed deliveries. */
@QuarkusTest
class IntegrationsIT extends BrowserTest {

  @Test
  void aReviewerMakesAProjectSeesItsDsnOnceRevokesItsKeyAndSeesFailedDeliveries() {
    String failedId = "msg_" + UUID.randomUUID().toString().replace("-", "");
    TestDb.update(
        "insert into notification (id, endpoint, event_type, payload, attempts, last_error,"
            + " failed_at) values (?, 'ops', 'issue.done', '{}', 9, 'HTTP 500 <b>x</b>', now())",
        failedId);
    Page page = signIn();
    page.navigate(base + "autopilot/");
    page.locator("#integrations-open").click();
    Locator dialog = page.locator("#integrations");
    assertThat(dialog.locator(".deliveries"))
        .containsText("ops: issue.done, 9 attempt(s): HTTP 500 <b>x</b>");

    String name = "board-project-" + System.nanoTime();
    dialog.locator("form input").fill(name);
    dialog
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create project"))
        .click();
    Locator dsn = dialog.locator("input.dsn");
    assertThat(dsn).isVisible();
    String value = dsn.inputValue();
    assertTrue(value.matches("http://[0-9a-f]{32}@[^/]+/[0-9]+"), value);
    Locator project =
        dialog.locator(".project").filter(new Locator.FilterOptions().setHasText(name));
    project.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
    assertThat(dialog.locator(".project").filter(new Locator.FilterOptions().setHasText(name)))
        .containsText("(revoked)");
    assertThat(dialog.locator("input.dsn")).hasCount(0);
    TestDb.update("delete from notification where id = ?", failedId);
  }
}
