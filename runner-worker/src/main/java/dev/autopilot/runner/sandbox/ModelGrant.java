package dev.autopilot.runner.sandbox;

import io.vertx.core.http.HttpClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run's placeholders, where its model requests go, which requests it may make, how many it may
 * still make, what they cost, and its own upstream connection pool (so that one run's stalled
 * streams cannot hold the connections every other slot's model traffic needs).
 */
record ModelGrant(
    URI upstream,
    Map<String, String> realByPlaceholder,
    ModelProtocol protocol,
    List<ModelRoute> routes,
    int maxRequests,
    AtomicInteger requests,
    Meter meter,
    HttpClient client) {

  /** Counts a request; false once the run has used all it may make. */
  boolean spend() {
    return requests.incrementAndGet() <= maxRequests;
  }

  /**
   * The route {@code method} and {@code uri} (origin-form) match exactly, below the upstream's own
   * path, or null: anything else is not sent with the real key.
   */
  ModelRoute route(String method, String uri) {
    if (!uri.startsWith("/") || uri.startsWith("//")) {
      return null; // absolute-form or authority tricks: never with the real key
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String query = q < 0 ? null : uri.substring(q + 1);
    if (path.contains("%") || path.contains("/.") || path.contains("//")) {
      return null;
    }
    String base = upstream.getRawPath() == null ? "" : upstream.getRawPath();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    if (!path.startsWith(base)) {
      return null;
    }
    String below = path.substring(base.length());
    String relative = below.isEmpty() ? "/" : below;
    for (ModelRoute r : routes) {
      if (r.admits(method, relative, query)) {
        return r;
      }
    }
    return null;
  }
}
