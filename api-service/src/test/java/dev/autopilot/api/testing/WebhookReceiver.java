package dev.autopilot.api.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on the loopback address that the api-service notifies in every test: it
 * verifies the Standard Webhooks signature itself (an independent implementation of the spec),
 * keeps what arrived, and can be taken down and brought back on the same port.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

  /** The signing secret configured for the {@code test} endpoint. */
  public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** The project the {@code shop} endpoint subscribes to. */
  public static final String SHOP_PROJECT = "notifyshop";

  /** One delivery as received. */
  public record Delivery(String path, String id, String body, boolean signatureValid) {}

  private static final List<Delivery> RECEIVED = new ArrayList<>();
  private static HttpServer server;
  private static int port;

  @Override
  public synchronized Map<String, String> start() {
    if (server == null) {
      up();
    }
    String base = "http://127.0.0.1:" + port;
    return Map.ofEntries(
        Map.entry("autopilot.notify.endpoints.test.url", base + "/hook"),
        Map.entry("autopilot.notify.endpoints.test.secret", SECRET),
        Map.entry("autopilot.notify.endpoints.chat.url", base + "/slack"),
        Map.entry("autopilot.notify.endpoints.chat.format", "slack"),
        Map.entry("autopilot.notify.endpoints.chat.events", "issue.blocked,issue.done"),
        // Subscribed to one project's events only.
        Map.entry("autopilot.notify.endpoints.shop.url", base + "/shop"),
        Map.entry("autopilot.notify.endpoints.shop.format", "slack"),
        Map.entry("autopilot.notify.endpoints.shop.projects", SHOP_PROJECT),
        Map.entry("autopilot.notify.board-url", "https://autopilot.example.test"),
        Map.entry("autopilot.notify.retry-delay", "1s"),
        Map.entry("autopilot.notify.max-retry-delay", "4s"));
  }

  /** Starts (or restarts) the receiver on its port. */
  public static synchronized void up() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    port = server.getAddress().getPort();
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
          String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
          synchronized (RECEIVED) {
            RECEIVED.add(
                new Delivery(
                    exchange.getRequestURI().getPath(), id, body, valid(id, ts, sig, body)));
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  /** Stops the receiver: deliveries meet a refused connection until {@link #up()}. */
  public static synchronized void down() {
    server.stop(0);
  }

  /** What arrived so far. */
  public static List<Delivery> received() {
    synchronized (RECEIVED) {
      return List.copyOf(RECEIVED);
    }
  }

  private static boolean valid(String id, String ts, String signature, String body) {
    if (id == null || ts == null || signature == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
      byte[] expected = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
      for (String candidate : signature.split(" ")) {
        if (candidate.startsWith("v1,")
            && MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(candidate.substring(3)))) {
          return Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(ts)) < 300;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void stop() {
    // Shared by every profile.
  }
}
