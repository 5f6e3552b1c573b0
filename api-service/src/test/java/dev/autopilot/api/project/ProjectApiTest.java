package dev.autopilot.api.project;

import static dev.autopilot.api.testing.Caller.ADMIN;
import static dev.autopilot.api.testing.Caller.ANONYMOUS;
import static dev.autopilot.api.testing.Caller.REVIEWER;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autopilot.api.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Projects through the API: admins make and change them, everyone signed in reads them. */
@QuarkusTest
class ProjectApiTest {

  private static final String URL = "/api/autopilot/projects";

  @Test
  void anAdminCreatesAProjectEveryoneReadsItAndTheSecretIsNeverShown() {
    String key = freshKey();
    String secret = "whsec-" + key + "-0123456789abcdef";
    Response created =
        create(
            Map.of(
                "key",
                key.toUpperCase(),
                "name",
                "Shop front",
                "repository",
                "https://git.example.com/shop.git",
                "base_branch",
                "main",
                "push_target",
                "fork",
                "push_fork",
                "git@git.example.com:bot/shop.git",
                "max_turns",
                30,
                "allowed_domains",
                List.of("registry.npmjs.org", "*.maven.org:443"),
                "github_repository",
                "Example/Shop-" + key,
                "github_webhook_secret",
                secret));
    created
        .then()
        .statusCode(201)
        .header("Location", containsString(URL + "/" + key))
        .header("ETag", equalTo("\"0\""))
        .body("key", equalTo(key))
        .body("push_target", equalTo("fork"))
        .body("github_repository", equalTo("example/shop-" + key))
        .body("github_webhook_secret_set", equalTo(true))
        .body("model", nullValue())
        .body("issues", equalTo(0))
        .body("created_by", equalTo("test-admin"));
    assertFalse(created.asString().contains(secret), created.asString());

    Response read = VIEWER.req().get(URL);
    read.then().statusCode(200).body("key", hasItem(key));
    assertFalse(read.asString().contains(secret), "no listing shows the secret");
    REVIEWER.req().get(URL + "/" + key).then().statusCode(200).body("name", equalTo("Shop front"));
  }

  @Test
  void onlyAdminsCreateOrChangeProjects() {
    String key = freshKey();
    for (var caller : List.of(VIEWER, REVIEWER)) {
      caller
          .req()
          .contentType(ContentType.JSON)
          .body(Map.of("key", key, "name", "x"))
          .post(URL)
          .then()
          .statusCode(403);
      caller
          .req()
          .contentType("application/merge-patch+json")
          .body(Map.of("name", "x"))
          .patch(URL + "/default")
          .then()
          .statusCode(403);
    }
    ANONYMOUS.req().get(URL).then().statusCode(401);
    VIEWER
        .req()
        .get(URL + "/" + key)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void aMergePatchChangesWhatItNamesAndNullRestoresTheRunnersSetting() {
    String key = freshKey();
    create(Map.of("key", key, "name", "Patch me", "max_turns", 12, "model", "claude-sonnet-4-5"))
        .then()
        .statusCode(201);
    Map<String, Object> patch = new HashMap<>();
    patch.put("max_turns", null);
    patch.put("bash_mode", "sandboxed");
    patch.put("environment", Map.of("setup", "./mvnw -q dependency:go-offline"));
    ADMIN
        .req()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"0\"")
        .body(patch)
        .patch(URL + "/" + key)
        .then()
        .statusCode(200)
        .header("ETag", equalTo("\"1\""))
        .body("max_turns", nullValue())
        .body("model", equalTo("claude-sonnet-4-5"))
        .body("bash_mode", equalTo("sandboxed"))
        .body("environment.setup", equalTo("./mvnw -q dependency:go-offline"));
    ADMIN
        .req()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"0\"")
        .body(Map.of("name", "Stale"))
        .patch(URL + "/" + key)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    ADMIN
        .req()
        .contentType("application/merge-patch+json")
        .body(Map.of("key", "other"))
        .patch(URL + "/" + key)
        .then()
        .statusCode(400)
        .body("detail", containsString("never changes"));
  }

  @Test
  void badSettingsAreClearProblemsAndStoreNothing() {
    String key = freshKey();
    Map<String, Map<String, Object>> bad =
        Map.of(
            "a key with a dash", Map.of("key", "a-b", "name", "x"),
            "a repository that is a git option",
                Map.of("key", key, "name", "x", "repository", "-uvalue"),
            "a branch that is a git option",
                Map.of("key", key, "name", "x", "base_branch", "--upload-pack=x"),
            "an unknown field", Map.of("key", key, "name", "x", "colour", "red"),
            "an unknown push target", Map.of("key", key, "name", "x", "push_target", "everywhere"),
            "turns out of range", Map.of("key", key, "name", "x", "max_turns", 0),
            "a fork push with no fork", Map.of("key", key, "name", "x", "push_target", "fork"),
            "a GitHub repository without a secret",
                Map.of("key", key, "name", "x", "github_repository", "a/b"),
            "a short secret", Map.of("key", key, "name", "x", "github_webhook_secret", "short"),
            "a bad origin",
                Map.of("key", key, "name", "x", "feedback_origins", List.of("javascript:x")));
    bad.forEach(
        (what, body) -> {
          Response r = create(body);
          r.then().statusCode(400).contentType("application/problem+json");
          assertFalse(r.asString().contains("Exception"), what + ": " + r.asString());
        });
    VIEWER.req().get(URL + "/" + key).then().statusCode(404);

    create(Map.of("key", key, "name", "first")).then().statusCode(201);
    create(Map.of("key", key, "name", "again"))
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    String repo = "owner/taken-" + key;
    String secret = "0123456789abcdef0123";
    create(
            Map.of(
                "key",
                freshKey(),
                "name",
                "a",
                "github_repository",
                repo,
                "github_webhook_secret",
                secret))
        .then()
        .statusCode(201);
    create(
            Map.of(
                "key",
                freshKey(),
                "name",
                "b",
                "github_repository",
                repo.toUpperCase(),
                "github_webhook_secret",
                secret))
        .then()
        .statusCode(409)
        .body("detail", containsString("already serves"));
  }

  static Response create(Map<String, Object> body) {
    return ADMIN.req().contentType(ContentType.JSON).body(new HashMap<>(body)).post(URL);
  }

  static String freshKey() {
    return Fixtures.projectKey();
  }
}
