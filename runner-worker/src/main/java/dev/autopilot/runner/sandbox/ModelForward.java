package dev.autopilot.runner.sandbox;

import dev.autopilot.runner.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A run's request to its model API: only an exact route, a body within its cap that asks the
 * provider for nothing outside the sandbox, sent with the real key through the run's own pool, and
 * its response's usage metered on the way back.
 */
final class ModelForward {

  private static final Logger LOG = Logger.getLogger(ModelForward.class);
  static final Pattern PLACEHOLDER = Pattern.compile("autopilot-run-[0-9a-f]{40}");
  static final Set<String> HOP_BY_HOP =
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
          "host",
          "content-length");
  static final List<String> CREDENTIAL_HEADERS = List.of("x-api-key", "authorization", "api-key");

  private final ModelRequestPolicy policy;
  private final long maxBody;
  private final long responseTimeoutMs;

  ModelForward(GatewayConfig config) {
    this.policy = new ModelRequestPolicy(config.allowedBetas());
    this.maxBody = (long) config.maxBodyMib() * 1024 * 1024;
    this.responseTimeoutMs = config.responseTimeout().toMillis();
  }

  void handle(HttpServerRequest req, ModelGrant grant) {
    ModelRoute route = grant.route(req.method().name(), req.uri());
    if (route == null) {
      LOG.infof("Agent model request refused: %s %s", req.method(), req.uri());
      EgressGateway.refuse(req, 403, "not a model API request: " + req.method() + " " + req.uri());
      return;
    }
    if (grant.protocol() == ModelProtocol.ANTHROPIC) {
      String refusal = policy.betas(req.headers().getAll("anthropic-beta"));
      if (refusal != null) {
        EgressGateway.refuse(req, 403, refusal);
        return;
      }
    }
    String length = req.getHeader("content-length");
    if (length != null && (!length.matches("[0-9]{1,12}") || Long.parseLong(length) > maxBody)) {
      EgressGateway.refuse(req, 413, "the model request is larger than " + maxBody + " bytes");
      return;
    }
    if (!grant.spend()) {
      // The CLI's turn and budget caps bind the CLI, not a process calling the API itself.
      EgressGateway.refuse(req, 429, "this run has made all the model requests it may");
      return;
    }
    Buffer body = Buffer.buffer();
    req.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxBody) {
            EgressGateway.refuse(
                req, 413, "the model request is larger than " + maxBody + " bytes");
            req.connection().close();
          } else {
            body.appendBuffer(chunk);
          }
        });
    req.endHandler(
        v -> {
          if (req.response().headWritten()) {
            return;
          }
          String model = null;
          if (route.method().equals("POST")) {
            ModelRequestPolicy.Checked checked = policy.body(grant.protocol(), body.getBytes());
            if (checked.refusal() != null) {
              LOG.infof("Agent model request refused: %s", checked.refusal());
              EgressGateway.refuse(req, 403, checked.refusal());
              return;
            }
            model = checked.model();
          } else if (body.length() > 0) {
            EgressGateway.refuse(req, 400, "a body on a request that takes none");
            return;
          }
          send(req, grant, route, body, model);
        });
  }

  private void send(
      HttpServerRequest req, ModelGrant grant, ModelRoute route, Buffer body, String model) {
    URI upstream = grant.upstream();
    boolean tls = "https".equalsIgnoreCase(upstream.getScheme());
    RequestOptions options =
        new RequestOptions()
            .setMethod(req.method())
            .setHost(upstream.getHost())
            .setPort(upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80)
            .setSsl(tls)
            .setURI(req.uri())
            .setIdleTimeout(responseTimeoutMs);
    grant
        .client()
        .request(options)
        .compose(
            out -> {
              copyHeaders(req.headers(), out.headers(), grant);
              grant.meter().call();
              return out.send(body);
            })
        .onFailure(e -> EgressGateway.refuse(req, 502, "the model API failed: " + e.getMessage()))
        .onSuccess(resp -> relay(req, resp, route.metered() ? grant : null, model));
  }

  /** The response back to the agent, its usage read as it passes. */
  static void relay(
      HttpServerRequest req, HttpClientResponse resp, ModelGrant grant, String model) {
    HttpServerResponse response = req.response().setStatusCode(resp.statusCode());
    resp.headers()
        .forEach(
            h -> {
              String name = h.getKey().toLowerCase(Locale.ROOT);
              if (!HOP_BY_HOP.contains(name) || name.equals("content-length")) {
                response.headers().add(h.getKey(), h.getValue());
              }
            });
    if (!response.headers().contains("content-length")) {
      response.setChunked(true);
    }
    UsageReader usage =
        grant == null
            ? null
            : new UsageReader(
                grant.protocol(), resp.getHeader("content-type"), model, grant.meter());
    resp.handler(
        chunk -> {
          if (usage != null) {
            usage.bytes(chunk.getBytes());
          }
          response.write(chunk);
          if (response.writeQueueFull()) {
            resp.pause();
            response.drainHandler(d -> resp.resume());
          }
        });
    resp.exceptionHandler(
        e -> {
          if (usage != null) {
            usage.end();
          }
          response.reset();
        });
    resp.endHandler(
        v -> {
          if (usage != null) {
            usage.end();
          }
          response.end();
        });
  }

  static void copyHeaders(MultiMap from, MultiMap to, ModelGrant grant) {
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
}
