package dev.autopilot.runner.sandbox;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One run's placeholders, where its model requests go, and how many it may still make. */
record ModelGrant(
    URI upstream,
    Map<String, String> realByPlaceholder,
    List<String> paths,
    int maxRequests,
    AtomicInteger requests) {

  /** Counts a request; false once the run has used all it may make. */
  boolean spend() {
    return requests.incrementAndGet() <= maxRequests;
  }

  /** Whether {@code uri} (origin-form) is one of the model API paths this run may call. */
  boolean allows(String uri) {
    if (!uri.startsWith("/") || uri.startsWith("//")) {
      return false; // absolute-form or authority tricks: never with the real key
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.contains("/..") || path.contains("%") || path.contains("//")) {
      return false;
    }
    String base = upstream.getRawPath() == null ? "" : upstream.getRawPath();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    for (String p : paths) {
      String allowed = base + p;
      if (path.equals(allowed) || path.startsWith(allowed + "/")) {
        return true;
      }
    }
    return false;
  }
}
