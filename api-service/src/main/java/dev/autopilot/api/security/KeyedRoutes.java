package dev.autopilot.api.security;

import java.util.regex.Pattern;

/**
 * Routes authenticated by a key the caller sends explicitly (a Sentry DSN key), never by ambient
 * browser credentials: a cross-site write to them forges nothing, so the CSRF guard lets it pass.
 */
public final class KeyedRoutes {

  /**
   * The Sentry ingest routes: {@code /api/{project}/envelope/} and {@code /api/{project}/store/}.
   */
  public static final Pattern SENTRY_INGEST =
      Pattern.compile("/api/[0-9]{1,18}/(envelope|store)/?");

  private KeyedRoutes() {}
}
