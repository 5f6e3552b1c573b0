package dev.autopilot.api.security;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Picks the OIDC tenant per request: API clients and runners send bearer tokens (default tenant,
 * 401 without one); the board signs in with the authorization-code flow at {@code /autopilot/login}
 * and then calls the API with its session cookie ({@code board} tenant).
 */
@ApplicationScoped
public class BoardTenantResolver implements TenantResolver {

  /** Name of the code-flow tenant and prefix of its session cookie. */
  public static final String BOARD = "board";

  static final String SESSION_COOKIE = "q_session_" + BOARD;

  @Override
  public String resolve(RoutingContext context) {
    if (context.request().getHeader("Authorization") != null) {
      return null;
    }
    String path = context.normalizedPath();
    if (path.equals("/autopilot/login") || path.startsWith("/autopilot/callback")) {
      return BOARD;
    }
    return hasSession(context) ? BOARD : null;
  }

  private static boolean hasSession(RoutingContext context) {
    return context.request().cookies().stream()
        .anyMatch(c -> c.getName().startsWith(SESSION_COOKIE));
  }
}
