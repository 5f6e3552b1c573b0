package dev.autopilot.bench;

import dev.autopilot.runner.sandbox.EgressGateway;
import dev.autopilot.runner.sandbox.ModelProtocol;
import dev.autopilot.runner.sandbox.ModelRoute;
import dev.autopilot.runner.sandbox.Sandbox;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the model gateway adds to one model call: a small streamed Messages API request sent to a
 * stand-in model API on loopback directly, and the same request sent through the runner's {@link
 * EgressGateway} with a run's placeholder key (route check, body parse and check, key swap, the
 * run's own upstream pool, usage read from the stream), alternating so both see the same machine.
 * Both go over HTTP/1.1 keep-alive with the JDK client; the time is request sent → whole stream
 * read.
 */
final class GatewayOverhead {

  static final String BODY =
      "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi.\"}]}";

  // A short stream as the Messages API sends it: usage in message_start and message_delta.
  static final List<String> STREAM =
      List.of(
          "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
              + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
              + "\"content\":[],\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
          "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
              + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
          "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
              + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi.\"}}\n\n",
          "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
          "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
              + "\"end_turn\"},\"usage\":{\"output_tokens\":5}}\n\n",
          "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

  /** Sonnet's list price of one streamed answer: 12 input and 5 output tokens. */
  static final double CALL_USD = (12 * 3 + 5 * 15) / 1e6;

  // Claude Code's routes, as its adapter lists them.
  private static final Sandbox.ModelApi MODEL =
      new Sandbox.ModelApi(
          "ANTHROPIC_BASE_URL",
          "https://api.anthropic.com",
          Set.of("ANTHROPIC_API_KEY"),
          ModelProtocol.ANTHROPIC,
          List.of(
              ModelRoute.probe("HEAD", "/"),
              ModelRoute.call("/v1/messages", "", "beta=true"),
              ModelRoute.side("/v1/messages/count_tokens", "", "beta=true")));

  record Result(Stats direct, Stats gateway, int calls, double meteredUsd) {
    @Override
    public String toString() {
      return String.format(
          "small streamed message, direct p50 %.3f ms p99 %.3f ms; through the gateway p50 %.3f ms"
              + " p99 %.3f ms (n=%d each); added p50 %.3f ms, p99 %.3f ms; the gateway metered %d"
              + " calls, %.4f USD",
          direct.p50(),
          direct.p99(),
          gateway.p50(),
          gateway.p99(),
          direct.n(),
          gateway.p50() - direct.p50(),
          gateway.p99() - direct.p99(),
          calls,
          meteredUsd);
    }
  }

  Result run(int warmup, int requests) throws Exception {
    Vertx upstreamLoop = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx runner = Vertx.vertx();
    HttpServer upstream = standIn(upstreamLoop);
    URI base = URI.create("http://127.0.0.1:" + upstream.actualPort());
    EgressGateway gateway =
        new EgressGateway(
            runner,
            List.of(),
            SandboxOverhead.config(Files.createTempDirectory("gateway-overhead")).gateway());
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    try (EgressGateway.Registration grant =
        gateway.register(
            Map.of("ANTHROPIC_API_KEY", "sk-bench-real"),
            base,
            MODEL,
            Integer.MAX_VALUE,
            c -> {})) {
      HttpRequest direct = request(base, "sk-bench-real");
      HttpRequest through =
          request(
              URI.create("http://127.0.0.1:" + gateway.port()),
              grant.placeholders().get("ANTHROPIC_API_KEY"));
      long[] bare = new long[requests];
      long[] gated = new long[requests];
      for (int i = -warmup; i < requests; i++) {
        // Which goes first alternates too, so neither always finds the other's warm caches.
        boolean directFirst = (i & 1) == 0;
        long d = 0;
        long g;
        if (directFirst) {
          d = time(client, direct);
        }
        g = time(client, through);
        if (!directFirst) {
          d = time(client, direct);
        }
        if (i >= 0) {
          bare[i] = d;
          gated[i] = g;
        }
      }
      int calls = warmup + requests;
      if (grant.meter().calls() != calls
          || Math.abs(grant.meter().costUsd() - calls * CALL_USD) > 1e-6) {
        throw new IOException(
            "the gateway did not meter every call: "
                + grant.meter().calls()
                + " calls, "
                + grant.meter().costUsd()
                + " USD");
      }
      return new Result(
          Stats.ofNanos(bare),
          Stats.ofNanos(gated),
          grant.meter().calls(),
          grant.meter().costUsd());
    } finally {
      gateway.close();
      upstream.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      runner.close();
      upstreamLoop.close();
    }
  }

  private static HttpRequest request(URI base, String key) {
    return HttpRequest.newBuilder(base.resolve("/v1/messages?beta=true"))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .header("x-api-key", key)
        .header("anthropic-version", "2023-06-01")
        .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
        .POST(HttpRequest.BodyPublishers.ofString(BODY))
        .build();
  }

  private static long time(HttpClient client, HttpRequest request) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
    long took = System.nanoTime() - start;
    if (resp.statusCode() != 200 || !resp.body().endsWith(STREAM.get(STREAM.size() - 1))) {
      throw new IOException(
          request.uri() + " answered " + resp.statusCode() + ": " + resp.body().strip());
    }
    return took;
  }

  // The stand-in model API: any POST /v1/messages gets the short stream, one write per event as
  // a streaming server flushes them; it checks only that the real key arrived.
  private static HttpServer standIn(Vertx vertx) throws Exception {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"));
    server.requestHandler(
        req ->
            req.body()
                .onSuccess(
                    body -> {
                      if (!"sk-bench-real".equals(req.getHeader("x-api-key"))) {
                        req.response().setStatusCode(401).end();
                        return;
                      }
                      var resp =
                          req.response()
                              .setChunked(true)
                              .putHeader("content-type", "text/event-stream; charset=utf-8")
                              .putHeader("cache-control", "no-cache");
                      for (String event : STREAM) {
                        resp.write(event);
                      }
                      resp.end();
                    }));
    return server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
