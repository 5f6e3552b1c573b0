package dev.autopilot.runner.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in api-service and token endpoint on loopback, for the runner's client. {@code mode=oidc}
 * signs the runner in with client credentials, anything else with Basic (local mode).
 */
public class StandInApi implements QuarkusTestResourceLifecycleManager {

  public static final AtomicInteger tokensIssued = new AtomicInteger();
  public static final List<String> seen = new CopyOnWriteArrayList<>();
  public static final Deque<Integer> reportAnswers = new ConcurrentLinkedDeque<>();
  public static final AtomicInteger reports = new AtomicInteger();
  public static final Deque<Integer> progressAnswers = new ConcurrentLinkedDeque<>();

  /** Bodies of the progress batches answered 200, in arrival order. */
  public static final List<String> progress = new CopyOnWriteArrayList<>();

  public static volatile String refusedToken;
  public static volatile boolean refuseAll;

  private HttpServer server;
  private String mode = "basic";

  @Override
  public void init(Map<String, String> initArgs) {
    mode = initArgs.getOrDefault("mode", "basic");
  }

  /** Forgets what earlier tests did. */
  public static void reset() {
    tokensIssued.set(0);
    seen.clear();
    reportAnswers.clear();
    reports.set(0);
    progressAnswers.clear();
    progress.clear();
    refusedToken = null;
    refuseAll = false;
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/token", StandInApi::token);
    server.createContext("/api/autopilot/runner/claims", StandInApi::claims);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Map<String, String> config = new HashMap<>();
    config.put("autopilot.runner", "false");
    config.put("autopilot.api.url", base);
    if (mode.equals("oidc")) {
      config.put("autopilot.api.token-url", base + "/token");
      config.put("autopilot.api.client-id", "autopilot-runner");
      config.put("autopilot.api.client-secret", "s&cret");
    } else {
      config.put("autopilot.api.user", "runner");
      config.put("autopilot.api.password", "secret");
    }
    return config;
  }

  private static void token(HttpExchange exchange) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
    // The OIDC client sends the secret as Basic (client_secret_basic) or in the form.
    boolean ok =
        form.contains("grant_type=client_credentials")
            && (auth.equals(basic("autopilot-runner", "s&cret"))
                || form.contains("client_id=autopilot-runner")
                    && form.contains("client_secret=s%26cret"));
    answer(
        exchange,
        ok ? 200 : 401,
        "{\"access_token\":\"token-"
            + tokensIssued.incrementAndGet()
            + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
  }

  private static void claims(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.endsWith("/result")) {
      reports.incrementAndGet();
      Integer status = reportAnswers.poll();
      answer(exchange, status == null ? 200 : status, "{}");
      return;
    }
    if (path.endsWith("/events")) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Integer status = progressAnswers.poll();
      if (status == null || status == 200) {
        progress.add(body);
      }
      answer(exchange, status == null ? 200 : status, "{\"accepted\":0}");
      return;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    seen.add(auth);
    boolean refused = refuseAll || auth != null && auth.equals("Bearer " + refusedToken);
    answer(exchange, refused ? 401 : 204, "");
  }

  static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
