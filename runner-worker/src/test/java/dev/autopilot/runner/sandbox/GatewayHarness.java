package dev.autopilot.runner.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.autopilot.runner.TestConfig;
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
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A gateway in front of a stand-in model API on loopback, spoken to as an agent would, over raw
 * HTTP/1.1. The stand-in records what reached it and answers with what the test sets.
 */
final class GatewayHarness implements AutoCloseable {

  final List<String> upstreamSaw = new CopyOnWriteArrayList<>();
  final Vertx vertx = Vertx.vertx();
  final HttpServer upstream;
  final EgressGateway gateway;
  volatile Consumer<HttpExchange> answer =
      ex -> reply(ex, 200, "application/json", "{\"ok\":true}");

  GatewayHarness(Map<String, String> settings) throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.setExecutor(Executors.newCachedThreadPool());
    upstream.createContext(
        "/",
        ex -> {
          upstreamSaw.add(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI()
                  + " key="
                  + ex.getRequestHeaders().getFirst("x-api-key"));
          ex.getRequestBody().readAllBytes();
          answer.accept(ex);
        });
    upstream.start();
    // Only the upstream's own port is on the allow-list, by IP literal and port.
    gateway =
        new EgressGateway(
            vertx,
            List.of("127.0.0.1:" + port(), "localhost:" + port()),
            TestConfig.of(settings).gateway());
  }

  int port() {
    return upstream.getAddress().getPort();
  }

  URI base(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  EgressGateway.Registration grant(Sandbox.ModelApi model, int maxRequests) {
    return gateway.register(
        Map.of("ANTHROPIC_API_KEY", "sk-real"), base(""), model, maxRequests, c -> {});
  }

  static void reply(HttpExchange ex, int status, String type, String body) {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("content-type", type);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String request(String method, String target, String key, String headers, String body) {
    return method
        + " "
        + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: "
        + key
        + "\r\n"
        + headers
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  /** The status code of one raw request. */
  int status(String request) throws IOException {
    return Integer.parseInt(exchange(request).split(" ")[1]);
  }

  /** The whole response of one raw request (the connection is closed after it). */
  String exchange(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      if (request.startsWith("CONNECT")) {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && head.indexOf("\r\n") < 0) {
          head.append((char) b);
        }
        return head.toString();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    gateway.close();
    upstream.stop(0);
    vertx.close();
  }
}
