package dev.autopilot.runner.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.runner.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The runner's own credentials for the api-service: OIDC client credentials in production, the
 * local mode's runner user otherwise. These never reach the agent's environment.
 */
@ApplicationScoped
public class ApiCredentials {

  private final RunnerConfig.Api config;
  private final HttpClient http;
  private final ObjectMapper json;
  private String token;
  private Instant expires = Instant.EPOCH;

  public ApiCredentials(RunnerConfig config, ObjectMapper json) {
    this.config = config.api();
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The {@code Authorization} header value. */
  public synchronized String header() {
    if (config.tokenUrl().isPresent()) {
      if (Instant.now().isAfter(expires.minusSeconds(30))) {
        refresh();
      }
      return "Bearer " + token;
    }
    String user = config.user().orElse("runner");
    String password =
        config
            .password()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Set AUTOPILOT_API_PASSWORD (local mode) or AUTOPILOT_API_TOKEN_URL"));
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Drops a cached token the api-service refused (revoked, or the provider's keys rotated) so the
   * next call fetches a new one; false in local mode, where retrying cannot help.
   */
  public synchronized boolean invalidate() {
    if (config.tokenUrl().isEmpty()) {
      return false;
    }
    expires = Instant.EPOCH;
    return true;
  }

  private void refresh() {
    String form =
        "grant_type=client_credentials&client_id="
            + enc(config.clientId().orElse(""))
            + "&client_secret="
            + enc(config.clientSecret().orElse(""));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.tokenUrl().get()))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("token endpoint answered " + response.statusCode());
      }
      JsonNode body = json.readTree(response.body());
      token = body.path("access_token").asText();
      expires = Instant.now().plusSeconds(body.path("expires_in").asLong(60));
    } catch (IOException e) {
      throw new IllegalStateException("token endpoint unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
