package dev.autopilot.runner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's way out, spoken to as an agent would, over raw HTTP/1.1. */
class EgressGatewayTest {

  private final List<String> upstreamSaw = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpServer upstream;
  private EgressGateway gateway;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        ex -> {
          upstreamSaw.add(
              ex.getRequestURI() + " key=" + ex.getRequestHeaders().getFirst("x-api-key"));
          ex.getRequestBody().readAllBytes();
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    upstream.start();
    // Only the upstream's own port is on the allow-list, by IP literal and port.
    gateway = new EgressGateway(vertx, List.of("127.0.0.1:" + upstream.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.stop(0);
    vertx.close();
  }

  @Test
  void aModelRequestWithThePlaceholderReachesTheModelWithTheRealKeyAndNothingElseDoes()
      throws Exception {
    URI model = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    try (EgressGateway.Registration grant =
        gateway.register(
            Map.of("ANTHROPIC_API_KEY", "sk-real"), model, List.of("/v1/messages"), 3)) {
      String placeholder = grant.placeholders().get("ANTHROPIC_API_KEY");
      assertTrue(placeholder.startsWith("autopilot-run-"));
      assertEquals(200, status(post("/v1/messages?beta=true", placeholder)));
      assertEquals(List.of("/v1/messages?beta=true key=sk-real"), upstreamSaw);

      assertEquals(403, status(post("/v1/files", placeholder)), "another API path");
      assertEquals(403, status(post("//evil.test/v1/messages", placeholder)), "authority form");
      assertEquals(403, status(post("/v1/messages/../files", placeholder)), "dot segments");
      assertEquals(
          403,
          status(post("http://evil.test/v1/messages", placeholder)),
          "absolute form, unlisted");
      assertEquals(401, status(post("/v1/messages", "sk-guess")), "no live placeholder");
      assertEquals(1, upstreamSaw.size(), "only the first request reached the model");
      assertEquals(200, status(post("/v1/messages", placeholder)));
      assertEquals(200, status(post("/v1/messages", placeholder)));
      assertEquals(429, status(post("/v1/messages", placeholder)), "past the run's requests");
      assertEquals(3, upstreamSaw.size());
    }
    assertEquals(401, status(post("/v1/messages", "autopilot-run-" + "0".repeat(40))));
  }

  @Test
  void aListedNameThatLeadsToAPrivateAddressIsRefused() throws Exception {
    // "localhost" is listed by name, and resolves to this machine.
    EgressGateway byName =
        new EgressGateway(vertx, List.of("localhost:" + upstream.getAddress().getPort()));
    try (Socket s = new Socket("127.0.0.1", byName.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("CONNECT localhost:" + upstream.getAddress().getPort() + " HTTP/1.1\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      String line = new String(s.getInputStream().readNBytes(12), StandardCharsets.UTF_8);
      assertEquals("HTTP/1.1 403", line);
    } finally {
      byName.close();
    }
  }

  @Test
  void connectReachesOnlyListedHosts() throws Exception {
    int port = upstream.getAddress().getPort();
    assertEquals(403, status(raw("CONNECT 127.0.0.2:" + port + " HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals(403, status(raw("CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals(200, status(raw("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: x\r\n\r\n")));
  }

  private static String post(String target, String key) {
    return "POST "
        + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: "
        + key
        + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
  }

  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        head.append((char) b);
        if (head.indexOf("\r\n") > 0) {
          break;
        }
      }
      return head.toString();
    }
  }

  private int status(String request) throws IOException {
    String line = request.startsWith("HTTP/") ? request : raw(request);
    return Integer.parseInt(line.split(" ")[1]);
  }
}
