package dev.autopilot.api.github;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The card shows what GitHub said about the pull request and its CI, in real Chromium. */
@QuarkusTest
class PullRequestBadgeIT extends BrowserTest {

  @Test
  void theCardShowsThePullRequestAndItsLastCiConclusion() throws Exception {
    String commit = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    long id = Fixtures.issue(Map.of("title", "Badge me", "hand_off", true));
    Runner.report(
            Runner.mustClaim(id, 600),
            Map.of("outcome", "implemented", "branch", "autopilot/issue-" + id, "commit", commit))
        .then()
        .statusCode(200);
    ObjectNode opened = OctokitExamples.example("pull_request", "opened");
    opened.with("repository").put("full_name", "autopilot-test/shop");
    opened.with("pull_request").with("head").put("ref", "autopilot/issue-" + id);
    opened.with("pull_request").with("head").with("repo").put("full_name", "autopilot-test/shop");
    deliver("pull_request", opened);
    ObjectNode suite = OctokitExamples.example("check_suite", "completed");
    suite.with("repository").put("full_name", "autopilot-test/shop");
    suite.with("check_suite").put("head_branch", "autopilot/issue-" + id).put("head_sha", commit);
    ((ObjectNode) suite.with("check_suite").withArray("pull_requests").get(0))
        .with("head")
        .with("repo")
        .put("url", "https://api.github.com/repos/autopilot-test/shop");
    deliver("check_suite", suite);

    Page page = signIn();
    page.navigate(base + "autopilot/");
    Locator card = page.locator(".card[data-id=\"" + id + "\"]");
    assertThat(card.locator(".badge.pr")).hasText("PR open");
    assertThat(card.locator(".badge.ci")).hasText("CI success");
  }

  private static void deliver(String event, ObjectNode payload) {
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    RestAssured.given()
        .contentType("application/json")
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", GithubSignature.of("It's a Secret to Everybody", body))
        .body(body)
        .post("/api/autopilot/github/webhook")
        .then()
        .statusCode(200);
  }
}
