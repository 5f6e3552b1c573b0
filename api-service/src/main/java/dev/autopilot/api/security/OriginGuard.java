package dev.autopilot.api.security;

import dev.autopilot.api.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cross-site request forgery guard for writes: a browser always labels a cross-site write with
 * {@code Origin} or {@code Sec-Fetch-Site}, so such writes are refused, whatever credentials they
 * carry. A bearer token is no ambient credential, but a page that got hold of one (or a proxy that
 * adds one) would otherwise write from anywhere: bearer writes are held to the same origin too, and
 * only skip the CSRF token. Server-to-server clients (the runner) send neither header and pass.
 * {@link KeyedRoutes} pass; the public feedback endpoint has its own CORS allow-list.
 */
public class OriginGuard {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @ServerRequestFilter(preMatching = true)
  public Response check(ContainerRequestContext ctx) {
    String path = ctx.getUriInfo().getPath();
    if (SAFE.contains(ctx.getMethod())
        || path.startsWith("/api/autopilot/feedback")
        || KeyedRoutes.SENTRY_INGEST.matcher(path).matches()) {
      return null;
    }
    String site = ctx.getHeaderString("Sec-Fetch-Site");
    if ("cross-site".equals(site) || "same-site".equals(site)) {
      return refuse(ctx);
    }
    String origin = ctx.getHeaderString("Origin");
    if (origin != null && !sameAuthority(origin, ctx.getHeaderString(HttpHeaders.HOST))) {
      return refuse(ctx);
    }
    if (ctx.getHeaderString(HttpHeaders.AUTHORIZATION) == null
        && hasSessionCookie(ctx)
        && !csrfTokenMatches(ctx)) {
      return Problem.of(
              403,
              "csrf-token",
              "CSRF token missing",
              "Cookie-authenticated writes must echo the autopilot-csrf cookie in X-CSRF-Token.")
          .toResponse(ctx.getUriInfo().getPath());
    }
    return null;
  }

  private static boolean hasSessionCookie(ContainerRequestContext ctx) {
    return ctx.getCookies().keySet().stream()
        .anyMatch(
            name ->
                name.startsWith(BoardTenantResolver.SESSION_COOKIE)
                    || name.equals(SessionResource.LOCAL_SESSION_COOKIE));
  }

  // Double-submit: a cross-site page can make the browser send our cookies but cannot read them.
  private static boolean csrfTokenMatches(ContainerRequestContext ctx) {
    Cookie cookie = ctx.getCookies().get(SessionResource.CSRF_COOKIE);
    String header = ctx.getHeaderString("X-CSRF-Token");
    return cookie != null
        && header != null
        && cookie.getValue().length() >= 32
        && MessageDigest.isEqual(
            cookie.getValue().getBytes(StandardCharsets.UTF_8),
            header.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean sameAuthority(String origin, String host) {
    try {
      URI uri = URI.create(origin);
      return host != null && uri.getAuthority() != null && uri.getAuthority().equals(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Response refuse(ContainerRequestContext ctx) {
    return Problem.of(
            403,
            "cross-site-request",
            "Cross-site request refused",
            "Writes from another site are not accepted, with any credentials.")
        .toResponse(ctx.getUriInfo().getPath());
  }
}
