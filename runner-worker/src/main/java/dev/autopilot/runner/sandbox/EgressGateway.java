package dev.autopilot.runner.sandbox;

import dev.autopilot.runner.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import org.jboss.logging.Logger;

/**
 * The sandbox's only way out, on the runner's side. Two jobs:
 *
 * <ul>
 *   <li>Model gateway: a request that carries a run's placeholder credential, on one of the exact
 *       routes its CLI needs, is sent on to the real model API with the real credential put in its
 *       place ({@link ModelForward}), so the agent never holds the key. Anything else is refused.
 *   <li>Egress proxy: {@code CONNECT host:port} (and plain-HTTP proxy requests) reach only the
 *       hosts an operator allowed, at public addresses, and a tunnel's TLS server name must be the
 *       host it was opened to; everything else gets 403.
 * </ul>
 *
 * It listens on loopback; sandboxes reach it through a Unix socket ({@link UnixBridge}).
 */
public final class EgressGateway implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EgressGateway.class);

  private final SecureRandom random = new SecureRandom();
  private final Vertx vertx;
  private final GatewayConfig config;
  private final Map<String, ModelGrant> grants = new ConcurrentHashMap<>();
  private final EgressPolicy policy;
  private final ModelForward models;
  private final HttpServer server;
  private final HttpClient plain;
  private final NetClient tunnels;

  public EgressGateway(Vertx vertx, List<String> allowedDomains, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.policy = new EgressPolicy(allowedDomains);
    this.models = new ModelForward(config);
    this.plain = vertx.createHttpClient(clientOptions(config, 8));
    this.tunnels =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout(10_000)
                .setIdleTimeout((int) config.responseTimeout().toSeconds()));
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    server.requestHandler(this::handle);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("The agent's egress gateway could not listen", e);
    }
  }

  /** The loopback port; sandboxes reach it only through the Unix socket bridge. */
  public int port() {
    return server.actualPort();
  }

  /**
   * Grants one run its model credentials: returns a placeholder for each real value; requests
   * carrying a placeholder go to {@code upstream} with the real value, on {@code model}'s routes
   * only, through a connection pool of the run's own. Closing revokes them and closes the pool.
   *
   * @param costs hears the run's metered cost each time it grows
   */
  public Registration register(
      Map<String, String> realByVariable,
      URI upstream,
      Sandbox.ModelApi model,
      int maxRequests,
      DoubleConsumer costs) {
    Map<String, String> placeholders = new HashMap<>();
    Map<String, String> real = new HashMap<>();
    realByVariable.forEach(
        (variable, value) -> {
          byte[] bytes = new byte[20];
          random.nextBytes(bytes);
          String placeholder = "autopilot-run-" + HexFormat.of().formatHex(bytes);
          placeholders.put(variable, placeholder);
          real.put(placeholder, value);
        });
    Meter meter = new Meter(costs);
    HttpClient pool = vertx.createHttpClient(clientOptions(config, config.poolPerRun()));
    ModelGrant grant =
        new ModelGrant(
            upstream,
            Map.copyOf(real),
            model.protocol(),
            List.copyOf(model.routes()),
            maxRequests,
            new AtomicInteger(),
            meter,
            pool);
    real.keySet().forEach(p -> grants.put(p, grant));
    return new Registration(
        Map.copyOf(placeholders),
        meter,
        () -> {
          real.keySet().forEach(grants::remove);
          pool.close();
        });
  }

  /** A run's placeholders by variable name and its meter; close when the run ends. */
  public record Registration(Map<String, String> placeholders, Meter meter, AutoCloseable revoke)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      revoke.close();
    }
  }

  private static HttpClientOptions clientOptions(GatewayConfig config, int pool) {
    return new HttpClientOptions()
        .setConnectTimeout(10_000)
        .setKeepAliveTimeout((int) Math.max(1, config.idleTimeout().toSeconds()))
        .setIdleTimeout((int) Math.max(1, config.responseTimeout().toSeconds()))
        .setMaxPoolSize(pool)
        .setMaxWaitQueueSize(64);
  }

  private void handle(HttpServerRequest req) {
    if (req.method() == HttpMethod.CONNECT) {
      tunnel(req);
    } else if (req.uri().startsWith("http://")) {
      proxy(req);
    } else {
      ModelGrant grant = grantOf(req.headers());
      if (grant == null) {
        refuse(req, 401, "no live run credential");
        return;
      }
      models.handle(req, grant);
    }
  }

  // A plain-HTTP proxy request: a listed host at a public address (the one checked is the one
  // connected to), never with a run's credential.
  private void proxy(HttpServerRequest req) {
    URI target;
    try {
      target = URI.create(req.uri());
    } catch (IllegalArgumentException e) {
      refuse(req, 400, "bad proxy target");
      return;
    }
    String host = target.getHost();
    int port = target.getPort() < 0 ? 80 : target.getPort();
    if (host == null || !policy.allows(host, port)) {
      refuse(req, 403, "not on the agent's allow-list: " + host);
      return;
    }
    req.pause();
    String uri =
        (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
            + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
    vertx
        .executeBlocking(() -> policy.resolve(host, port))
        .onFailure(e -> refuse(req, 403, e.getMessage()))
        .onSuccess(
            address ->
                plain
                    .request(
                        new RequestOptions()
                            .setMethod(req.method())
                            .setHost(address.getHostAddress())
                            .setPort(port)
                            .setURI(uri)
                            .setIdleTimeout(config.responseTimeout().toMillis()))
                    .compose(
                        out -> {
                          ModelForward.copyHeaders(req.headers(), out.headers(), null);
                          out.headers().remove("x-api-key").remove("authorization");
                          out.putHeader("host", target.getRawAuthority());
                          return out.send(req);
                        })
                    .onFailure(e -> refuse(req, 502, "could not reach " + host))
                    .onSuccess(resp -> ModelForward.relay(req, resp, null, null)));
  }

  private void tunnel(HttpServerRequest req) {
    String authority = req.uri();
    int colon = authority.lastIndexOf(':');
    String host = colon > 0 ? authority.substring(0, colon) : authority;
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(authority.substring(colon + 1)) : 443;
    } catch (NumberFormatException e) {
      refuse(req, 400, "bad CONNECT target");
      return;
    }
    if (!policy.allows(host, port)) {
      LOG.infof("Agent egress refused: %s:%d", host, port);
      refuse(req, 403, "not on the agent's allow-list: " + host + ":" + port);
      return;
    }
    req.pause();
    vertx
        .executeBlocking(() -> policy.resolve(host, port))
        .onFailure(e -> refuse(req, 403, e.getMessage()))
        .compose(address -> tunnels.connect(port, address.getHostAddress()))
        .onFailure(e -> refuse(req, 502, "could not reach " + host))
        .onSuccess(
            upstream ->
                req.toNetSocket()
                    .onFailure(e -> upstream.close())
                    .onSuccess(
                        down -> {
                          checkServerName(down, upstream, host);
                          down.resume();
                        }));
  }

  // Nothing reaches the far end until the client's TLS ClientHello names the tunnel's own host.
  private void checkServerName(NetSocket down, NetSocket upstream, String host) {
    Buffer first = Buffer.buffer();
    down.closeHandler(v -> upstream.close());
    upstream.closeHandler(v -> down.close());
    down.handler(
        chunk -> {
          first.appendBuffer(chunk);
          byte[] bytes = first.getBytes();
          ClientHello.Result hello = ClientHello.parse(bytes, bytes.length);
          if (hello instanceof ClientHello.Incomplete) {
            return;
          }
          String name = hello instanceof ClientHello.Hello h ? h.serverName() : null;
          if (!ClientHello.admits(hello, host)) {
            LOG.infof(
                "Agent tunnel to %s refused: %s",
                host,
                hello instanceof ClientHello.NotTls n ? n.why() : "its TLS server name is " + name);
            down.close();
            upstream.close();
            return;
          }
          down.handler(null);
          upstream.write(first);
          down.pipeTo(upstream);
          upstream.pipeTo(down);
        });
  }

  private ModelGrant grantOf(MultiMap headers) {
    for (String name : ModelForward.CREDENTIAL_HEADERS) {
      String value = headers.get(name);
      if (value == null) {
        continue;
      }
      Matcher m = ModelForward.PLACEHOLDER.matcher(value);
      while (m.find()) {
        ModelGrant g = grants.get(m.group());
        if (g != null) {
          return g;
        }
      }
    }
    return null;
  }

  static void refuse(HttpServerRequest req, int status, String why) {
    if (!req.response().headWritten()) {
      req.response()
          .setStatusCode(status)
          .putHeader("content-type", "text/plain")
          .end("autopilot sandbox: " + why + "\n");
    }
  }

  @Override
  public void close() {
    server.close();
    plain.close();
    tunnels.close();
  }
}
