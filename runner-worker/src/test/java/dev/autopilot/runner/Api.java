package dev.autopilot.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The api-service as a reviewer uses it, for driving end-to-end tests. */
final class Api {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  static JsonNode post(String path, String json) {
    return postAs("reviewer", path, json);
  }

  /** A POST as another of the stack's local users ({@code admin}, …). */
  static JsonNode postAs(String user, String path, String json) {
    return send(
        user,
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static JsonNode get(String path) {
    return send("reviewer", HttpRequest.newBuilder(uri(path)).GET());
  }

  /** The secret the stack's GitHub webhook is configured with. */
  static final String GITHUB_SECRET = "e2e-webhook-secret";

  /** A GitHub webhook delivery, signed as GitHub signs (no user credentials). */
  static void github(String event, String json) {
    try {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri("/api/autopilot/github/webhook"))
                  .header("Content-Type", "application/json")
                  .header("X-GitHub-Event", event)
                  .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                  .header("X-Hub-Signature-256", signature)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
      }
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long issue(String title) {
    return post("/api/autopilot/issues", "{\"title\":" + quote(title) + ",\"hand_off\":true}")
        .get("id")
        .asLong();
  }

  static String status(long id) {
    return get("/api/autopilot/issues/" + id).get("status").asText();
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(String path) {
    return URI.create(StackResource.stack.baseUrl() + path);
  }

  private static JsonNode send(String user, HttpRequest.Builder b) {
    String auth = user + ":" + StackResource.stack.password(user);
    b.header(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
