package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.autopilot.api.testing.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The board in local mode: form sign-in, viewers read only, an illegal drop snaps back. */
@QuarkusTest
@TestProfile(LocalModeTest.Local.class)
class BoardLocalModeIT extends BrowserTest {

  @Test
  void aViewerSeesTheBoardButNoWriteControls() {
    long id = create("Read me");
    Page page = signInAs("viewer");
    assertThat(page.locator(".card[data-id=\"" + id + "\"]")).isVisible();
    assertThat(page.locator("#new-issue")).isHidden();
    page.navigate(base + "autopilot/?issue=" + id);
    assertThat(page.locator("#drawer h2 .title")).hasText("Read me");
    assertThat(page.locator("#drawer .actions")).hasCount(0);
    assertThat(page.locator("#drawer textarea")).hasCount(0);
    assertThat(page.locator("#drawer input[type=file]")).hasCount(0);
  }

  @Test
  void anAdminCreatesAndEditsAProjectAndAReviewerReadsItWithoutWriteControls() {
    String key = "set" + (System.nanoTime() % 100_000);
    Page admin = signInAs("admin");
    admin.click("#projects-open");
    Locator dialog = admin.locator("#projects");
    dialog.locator(".project-new input[name=key]").fill(key);
    dialog.locator(".project-new input[name=name]").fill("Settings page");
    dialog.locator(".project-new button[type=submit]").click();
    Locator mine = dialog.locator(".project[data-key=\"" + key + "\"]");
    assertThat(mine.locator("input[name=name]")).hasValue("Settings page");
    mine.locator("input[name=max_turns]").fill("12");
    mine.locator("input[name=allowed_domains]").fill("registry.npmjs.org, repo.maven.apache.org");
    mine.locator("select[name=push_target]").selectOption("off");
    mine.locator("button[type=submit]").click();
    assertThat(admin.locator(".toast").last()).containsText("Saved " + key.toUpperCase());
    assertThat(mine.locator("input[name=max_turns]")).hasValue("12");

    Page reviewer = signInAs("reviewer");
    reviewer.click("#projects-open");
    Locator read = reviewer.locator("#projects .project[data-key=\"" + key + "\"]");
    assertThat(read).containsText("registry.npmjs.org, repo.maven.apache.org");
    assertThat(read).containsText("12");
    assertThat(reviewer.locator("#projects input")).hasCount(0);
    assertThat(reviewer.locator("#projects button[type=submit]")).hasCount(0);
  }

  @Test
  void aWrongPasswordReturnsToTheFormWithAMessage() {
    Page page = chromium.newContext().newPage();
    page.navigate(base + "autopilot/login");
    page.fill("input[name=j_username]", "reviewer");
    page.fill("input[name=j_password]", "not-the-password");
    page.click("button[type=submit]");
    assertThat(page.locator("#error")).hasText("Wrong user or password.");
    assertThat(page.locator("input[name=j_password]")).isVisible();
    page.fill("input[name=j_username]", "reviewer");
    page.fill("input[name=j_password]", password("reviewer"));
    page.click("button[type=submit]");
    assertThat(page.locator("#me")).hasText("reviewer");
  }

  @Test
  void anIllegalDropSnapsBackWithTheReason() {
    long id = create("Not done yet");
    Page page = signInAs("reviewer");
    Locator card = page.locator(".card[data-id=\"" + id + "\"]");
    assertThat(card).isVisible();
    assertThat(page.locator("#live.on")).isVisible();
    card.dragTo(page.locator(".column[data-status=done] .cards"));
    assertThat(page.locator(".toast")).containsText("allowed: ready");
    assertThat(page.locator(".column[data-status=backlog] .card[data-id=\"" + id + "\"]"))
        .isVisible();
    card = page.locator(".card[data-id=\"" + id + "\"]");
    card.dragTo(page.locator(".column[data-status=ready] .cards"));
    assertThat(page.locator(".column[data-status=ready] .card[data-id=\"" + id + "\"]"))
        .isVisible();
  }

  private Page signInAs(String user) {
    Page page = chromium.newContext().newPage();
    page.navigate(base + "autopilot/login");
    page.fill("input[name=j_username]", user);
    page.fill("input[name=j_password]", password(user));
    page.click("button[type=submit]");
    try {
      assertThat(page.locator("#me")).hasText(user);
    } catch (AssertionError e) {
      throw new AssertionError(
          "at "
              + page.url()
              + ": "
              + page.content().substring(0, Math.min(600, page.content().length())),
          e);
    }
    return page;
  }

  private static long create(String title) {
    return io.restassured.RestAssured.given()
        .auth()
        .preemptive()
        .basic("reviewer", password("reviewer"))
        .contentType(ContentType.JSON)
        .body(Map.of("title", title))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static String password(String user) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(LocalModeTest.CREDENTIALS)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props.getProperty(user + ".password");
  }
}
