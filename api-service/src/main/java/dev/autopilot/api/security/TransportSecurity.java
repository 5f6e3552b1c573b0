package dev.autopilot.api.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.impl.ServerCookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;

/**
 * On requests that arrived over TLS (directly or through a trusted proxy): HSTS, and every cookie
 * set marked {@code Secure}. Quarkus marks cookies Secure only when it terminates TLS itself, and
 * its own forwarded-header support would also rewrite the peer address the rate limits key on.
 */
@ApplicationScoped
public class TransportSecurity {

  // Before authentication (200) and CORS (300), so challenges and redirects get it too.
  private static final int PRIORITY = 1000;

  private final ClientAddress clients;
  private final String hsts;

  public TransportSecurity(ClientAddress clients, ProxyConfig config) {
    this.clients = clients;
    long seconds = config.hstsMaxAge().toSeconds();
    this.hsts = seconds <= 0 ? null : "max-age=" + seconds + "; includeSubDomains";
  }

  void register(@Observes Filters filters) {
    filters.register(this::filter, PRIORITY);
  }

  private void filter(RoutingContext rc) {
    if (clients.viaTls(rc.request())) {
      rc.addHeadersEndHandler(
          v -> {
            secureJar(rc);
            secure(rc.response().headers());
          });
    }
    rc.next();
  }

  // Cookies added through the response's jar (form and OIDC sessions) are serialised after this
  // handler: mark the ones this response sets, never the request's own (they would be echoed).
  private static void secureJar(RoutingContext rc) {
    for (Cookie cookie : rc.request().cookies()) {
      if (cookie instanceof ServerCookie set && set.isChanged()) {
        cookie.setSecure(true);
      }
    }
  }

  private void secure(MultiMap headers) {
    if (hsts != null) {
      headers.set("Strict-Transport-Security", hsts);
    }
    List<String> cookies = headers.getAll("Set-Cookie");
    if (cookies.isEmpty()) {
      return;
    }
    headers.remove("Set-Cookie");
    for (String cookie : cookies) {
      boolean secure = cookie.toLowerCase(Locale.ROOT).matches(".*;\\s*secure\\s*(;.*)?");
      headers.add("Set-Cookie", secure ? cookie : cookie + "; Secure");
    }
  }
}
