package dev.autopilot.runner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.TestConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's token: fetched once and cached, fetched again when the api-service refuses it
 * (revoked, or the provider rotated its keys). A stand-in token endpoint and API on one server.
 */
class ClientCredentialsTest {

  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private volatile String revoked = "token-1";
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/token",
        exchange -> {
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          boolean ok =
              form.contains("client_id=autopilot-runner")
                  && form.contains("client_secret=s%26cret");
          String body =
              "{\"access_token\":\"token-"
                  + tokensIssued.incrementAndGet()
                  + "\",\"expires_in\":300}";
          answer(exchange, ok ? 200 : 401, body);
        });
    server.createContext(
        "/api/autopilot/runner/claims",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          seen.add(auth);
          answer(exchange, auth.equals("Bearer " + revoked) ? 401 : 204, "");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aRefusedTokenIsReplacedOnceAndTheNewOneIsCached() {
    RunnerApi api = api(Map.of("autopilot.api.token-url", url("/token")));
    assertTrue(api.claim(new ClaimRequest("r", null, 60)).isEmpty());
    assertEquals(List.of("Bearer token-1", "Bearer token-2"), seen);
    assertTrue(api.claim(new ClaimRequest("r", null, 60)).isEmpty());
    assertEquals("Bearer token-2", seen.get(2), "cached");
    assertEquals(2, tokensIssued.get());
  }

  @Test
  void inLocalModeA401IsNotRetried() {
    revoked = null;
    server.removeContext("/api/autopilot/runner/claims");
    server.createContext(
        "/api/autopilot/runner/claims",
        exchange -> {
          seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
          answer(exchange, 401, "");
        });
    RunnerApi api = api(Map.of("autopilot.api.password", "wrong"));
    assertThrows(IllegalStateException.class, () -> api.claim(new ClaimRequest("r", null, 60)));
    assertEquals(1, seen.size());
  }

  private RunnerApi api(Map<String, String> extra) {
    Map<String, String> settings = new java.util.HashMap<>(extra);
    settings.put("autopilot.api.url", url(""));
    settings.put("autopilot.api.client-id", "autopilot-runner");
    settings.put("autopilot.api.client-secret", "s&cret");
    RunnerConfig config = TestConfig.of(settings);
    ObjectMapper json = new ObjectMapper();
    return new RunnerApi(config, new ApiCredentials(config, json), json);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }
}
