package dev.autopilot.runner.sandbox;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The sandbox's only way out, on the runner's side. Two jobs:
 *
 * <ul>
 *   <li>Model gateway: a request that carries a run's placeholder credential is sent on to the real
 *       model API with the real credential put in its place, so the agent never holds the key. A
 *       request without a live placeholder is refused.
 *   <li>Egress proxy: {@code CONNECT host:port} (and plain-HTTP proxy requests) reach only the
 *       hosts an operator allowed; everything else gets 403.
 * </ul>
 *
 * It listens on loopback; sandboxes reach it through a Unix socket ({@link UnixBridge}).
 */
public final class EgressGateway implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EgressGateway.class);
  private static final Pattern PLACEHOLDER = Pattern.compile("autopilot-run-[0-9a-f]{40}");
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host");
  private static final List<String> CREDENTIAL_HEADERS =
      List.of("x-api-key", "authorization", "api-key");

  private final SecureRandom random = new SecureRandom();
  private final Vertx vertx;
  private final Map<String, ModelGrant> grants = new ConcurrentHashMap<>();
  private final EgressPolicy policy;
  private final HttpServer server;
  private final HttpClient client;
  private final NetClient tunnels;

  public EgressGateway(Vertx vertx, List<String> allowedDomains) {
    this.vertx = vertx;
    this.policy = new EgressPolicy(allowedDomains);
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(10_000).setMaxPoolSize(32));
    this.tunnels = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
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
   * carrying a placeholder go to {@code upstream} with the real value. Closing revokes them.
   */
  public Registration register(
      Map<String, String> realByVariable, URI upstream, List<String> paths, int maxRequests) {
    Map<String, String> placeholders = new java.util.HashMap<>();
    Map<String, String> real = new java.util.HashMap<>();
    realByVariable.forEach(
        (variable, value) -> {
          byte[] bytes = new byte[20];
          random.nextBytes(bytes);
          String placeholder = "autopilot-run-" + HexFormat.of().formatHex(bytes);
          placeholders.put(variable, placeholder);
          real.put(placeholder, value);
        });
    ModelGrant grant =
        new ModelGrant(
            upstream, Map.copyOf(real), List.copyOf(paths), maxRequests, new AtomicInteger());
    real.keySet().forEach(p -> grants.put(p, grant));
    return new Registration(Map.copyOf(placeholders), () -> real.keySet().forEach(grants::remove));
  }

  /** A run's placeholders by variable name; close when the run ends. */
  public record Registration(Map<String, String> placeholders, AutoCloseable revoke)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      revoke.close();
    }
  }

  private void handle(HttpServerRequest req) {
    if (req.method() == HttpMethod.CONNECT) {
      tunnel(req);
    } else if (req.uri().startsWith("http://")) {
      URI target = URI.create(req.uri());
      int port = target.getPort() < 0 ? 80 : target.getPort();
      if (!policy.allows(target.getHost(), port)) {
        refuse(req, 403, "not on the agent's allow-list: " + target.getHost());
        return;
      }
      forward(req, target, target.getRawPath() + query(target), null);
    } else {
      ModelGrant grant = grantOf(req.headers());
      if (grant == null) {
        refuse(req, 401, "no live run credential");
        return;
      }
      if (!grant.allows(req.uri())) {
        LOG.infof("Agent model request refused: %s %s", req.method(), req.uri());
        refuse(req, 403, "not a model API path: " + req.uri());
        return;
      }
      if (!grant.spend()) {
        // The CLI's turn and budget caps bind the CLI, not a process calling the API itself.
        refuse(req, 429, "this run has made all the model requests it may");
        return;
      }
      forward(req, grant.upstream(), req.uri(), grant);
    }
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
        .executeBlocking(() -> EgressPolicy.publicAddress(host))
        .onFailure(e -> refuse(req, 403, e.getMessage()))
        .compose(address -> tunnels.connect(port, address.getHostAddress()))
        .onFailure(e -> refuse(req, 502, "could not reach " + host))
        .onSuccess(
            upstream ->
                req.toNetSocket()
                    .onFailure(e -> upstream.close())
                    .onSuccess(
                        down -> {
                          down.pipeTo(upstream);
                          upstream.pipeTo(down);
                        }));
  }

  private void forward(HttpServerRequest req, URI upstream, String uri, ModelGrant grant) {
    boolean tls = "https".equalsIgnoreCase(upstream.getScheme());
    int port = upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80;
    req.pause();
    RequestOptions options =
        new RequestOptions()
            .setMethod(req.method())
            .setHost(upstream.getHost())
            .setPort(port)
            .setSsl(tls)
            .setURI(uri);
    client
        .request(options)
        .onFailure(e -> refuse(req, 502, "could not reach " + upstream.getHost()))
        .onSuccess(
            out -> {
              copyHeaders(req.headers(), out.headers(), grant);
              send(req, out);
            });
  }

  private void send(HttpServerRequest req, HttpClientRequest out) {
    Future<io.vertx.core.http.HttpClientResponse> sent = out.send(req);
    sent.onFailure(e -> refuse(req, 502, "upstream failed"))
        .onSuccess(
            resp -> {
              var response = req.response().setStatusCode(resp.statusCode());
              resp.headers()
                  .forEach(
                      h -> {
                        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                          response.headers().add(h.getKey(), h.getValue());
                        }
                      });
              if (!response.headers().contains("content-length")) {
                response.setChunked(true);
              }
              resp.pipeTo(response);
            });
  }

  private void copyHeaders(MultiMap from, MultiMap to, ModelGrant grant) {
    from.forEach(
        h -> {
          String name = h.getKey().toLowerCase(Locale.ROOT);
          if (HOP_BY_HOP.contains(name)) {
            return;
          }
          String value = h.getValue();
          if (grant != null && CREDENTIAL_HEADERS.contains(name)) {
            Matcher m = PLACEHOLDER.matcher(value);
            StringBuilder swapped = new StringBuilder();
            while (m.find()) {
              String real = grant.realByPlaceholder().get(m.group());
              m.appendReplacement(swapped, Matcher.quoteReplacement(real == null ? "" : real));
            }
            m.appendTail(swapped);
            value = swapped.toString();
          }
          to.add(h.getKey(), value);
        });
  }

  private ModelGrant grantOf(MultiMap headers) {
    for (String name : CREDENTIAL_HEADERS) {
      String value = headers.get(name);
      if (value == null) {
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(value);
      while (m.find()) {
        ModelGrant g = grants.get(m.group());
        if (g != null) {
          return g;
        }
      }
    }
    return null;
  }

  private static String query(URI uri) {
    return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
  }

  private static void refuse(HttpServerRequest req, int status, String why) {
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
    client.close();
    tunnels.close();
  }
}
