package dev.autopilot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compose realm file against a real Keycloak (Maven Central distribution) and the production
 * api-service jar in OIDC mode: the runner's client-credentials token claims work, and a reviewer
 * signs in to the board through Keycloak's login page in Chromium.
 */
class KeycloakRealmIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Process keycloak;
  private static LocalStack stack;
  private static int kcPort;
  // The realm file has no secrets of its own: its placeholders read these from the environment.
  private static final String RUNNER_SECRET = "runner-" + UUID.randomUUID();
  private static final String REVIEWER_PASSWORD = "reviewer-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Path home = target.resolve("keycloak-26.5.6");
    if (!Files.exists(home.resolve("bin/kc.sh"))) {
      run(target, "unzip", "-q", "-o", target.resolve("keycloak.zip").toString());
    }
    kcPort = freePort();
    int management = freePort();
    int apiPort = freePort();
    Path data = Files.createTempDirectory("kc-test");
    Files.createDirectories(home.resolve("data/import"));
    deleteTree(home.resolve("data/h2"));
    String realm =
        Files.readString(Path.of("../deploy/keycloak/autopilot-realm.json"))
            .replace("http://localhost:8080", "http://127.0.0.1:" + apiPort);
    Files.writeString(home.resolve("data/import/autopilot-realm.json"), realm);
    ProcessBuilder kc =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + kcPort,
                "--http-management-port=" + management,
                "--hostname-strict=false",
                "--import-realm",
                "--health-enabled=true")
            .redirectErrorStream(true)
            .redirectOutput(target.resolve("keycloak.log").toFile());
    kc.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    kc.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-" + System.nanoTime());
    kc.environment().put("AUTOPILOT_RUNNER_CLIENT_SECRET", RUNNER_SECRET);
    kc.environment().put("AUTOPILOT_REVIEWER_PASSWORD", REVIEWER_PASSWORD);
    keycloak = kc.start();
    await("http://127.0.0.1:" + management + "/health/ready", Duration.ofMinutes(3));
    stack =
        LocalStack.start(
            Path.of("..").toAbsolutePath().normalize(),
            data,
            apiPort,
            Map.of(
                "QUARKUS_PROFILE", "prod",
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_OIDC_AUTH_SERVER_URL",
                    "http://127.0.0.1:" + kcPort + "/realms/autopilot"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (keycloak != null) {
      keycloak.toHandle().descendants().forEach(ProcessHandle::destroy);
      keycloak.destroy();
    }
  }

  @Test
  void theRunnersClientCredentialsClaimWorkAndAReviewerSignsInToTheBoard() throws Exception {
    String runner = runnerToken();
    assertEquals(
        403,
        call("GET", "/api/autopilot/issues", runner, null).statusCode(),
        "runner cannot read the board");

    try (Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
      var browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(Path.of("/usr/bin/chromium"))
                      .setArgs(
                          List.of(
                              "--no-sandbox",
                              "--disable-gpu",
                              "--disable-quic",
                              "--no-first-run",
                              "--disable-background-networking",
                              "--disable-component-update",
                              "--disable-sync")));
      Page page = browser.newPage();
      page.navigate(stack.baseUrl() + "/autopilot/login");
      page.fill("#username", "reviewer");
      page.fill("#password", REVIEWER_PASSWORD);
      page.click("#kc-login");
      PlaywrightAssertions.assertThat(page.locator("#me")).hasText("reviewer");
      page.keyboard().press("n");
      page.fill("input[name=title]", "From Keycloak");
      page.check("input[name=hand_off]");
      page.click("#create-submit");
      PlaywrightAssertions.assertThat(page.locator(".column[data-status=ready] .card .title"))
          .hasText("From Keycloak");
    }

    HttpResponse<String> claim =
        call("POST", "/api/autopilot/runner/claims", runner, "{\"runner_id\":\"kc-runner\"}");
    assertEquals(200, claim.statusCode(), claim.body());
    assertEquals("From Keycloak", JSON.readTree(claim.body()).at("/issue/title").asText());
  }

  private static String runnerToken() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + kcPort
                            + "/realms/autopilot/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=autopilot-runner&client_secret="
                            + RUNNER_SECRET))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode token = JSON.readTree(r.body());
    assertTrue(token.has("access_token"));
    return token.get("access_token").asText();
  }

  private static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(String url, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (!keycloak.isAlive()) {
        throw new IllegalStateException("keycloak exited; see target/keycloak.log");
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("keycloak not ready; see target/keycloak.log");
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var walk = Files.walk(p)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
