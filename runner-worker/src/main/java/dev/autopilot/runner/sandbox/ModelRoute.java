package dev.autopilot.runner.sandbox;

import java.util.Locale;
import java.util.Set;

/**
 * One request an agent CLI may make to its model API with the real key: an exact method and path
 * (below the base URL's own path), and the query strings it may carry. Anything else gets 403: a
 * prefix would also open batches, stored responses and whatever the provider adds next.
 *
 * @param method the HTTP method, upper case
 * @param path the exact path, e.g. {@code /v1/messages}
 * @param queries the raw query strings allowed, {@code ""} for none; {@code null} allows any (only
 *     for reads that carry no body, such as a model list with a client version)
 * @param metered whether the request is a model call whose body is checked and whose usage is
 *     metered
 */
public record ModelRoute(String method, String path, Set<String> queries, boolean metered) {

  /** A model call: its body is checked and its usage metered. */
  public static ModelRoute call(String path, String... queries) {
    return new ModelRoute("POST", path, queries(queries), true);
  }

  /** A request with no body of its own, such as the CLI's HEAD probe of the base URL. */
  public static ModelRoute probe(String method, String path) {
    return new ModelRoute(method.toUpperCase(Locale.ROOT), path, null, false);
  }

  /** A side request with a body that is not a model call (e.g. counting tokens): checked only. */
  public static ModelRoute side(String path, String... queries) {
    return new ModelRoute("POST", path, queries(queries), false);
  }

  /** Whether this route admits {@code method} on {@code path} with {@code query} (raw, or null). */
  boolean admits(String method, String path, String query) {
    if (!this.method.equals(method) || !this.path.equals(path)) {
      return false;
    }
    return queries == null || queries.contains(query == null ? "" : query);
  }

  private static Set<String> queries(String... queries) {
    return queries.length == 0 ? Set.of("") : Set.of(queries);
  }
}
