package dev.autopilot.api.incident;

import dev.autopilot.api.security.ClientAddress;
import dev.autopilot.api.security.KeyedRoutes;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Authenticates the Sentry ingest routes, and only them, by DSN key: {@code sentry_key} in the
 * {@code X-Sentry-Auth} header (server SDKs) or in the query string (browser SDKs, which avoid a
 * CORS preflight). The identity it makes has one role, {@code incident-ingest}, for one project.
 */
@ApplicationScoped
public class SentryKeyMechanism implements HttpAuthenticationMechanism {

  /** The ingest routes: {@code /api/{project}/envelope/} and {@code /api/{project}/store/}. */
  static final Pattern INGEST = KeyedRoutes.SENTRY_INGEST;

  private static final String HEADER = "X-Sentry-Auth";

  private final ClientAddress clients;

  public SentryKeyMechanism(ClientAddress clients) {
    this.clients = clients;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    if (!INGEST.matcher(context.normalizedPath()).matches()) {
      return Uni.createFrom().nullItem();
    }
    String key = key(context.request().getHeader(HEADER));
    if (key == null) {
      key = context.request().getParam("sentry_key");
    }
    if (key == null || key.isBlank() || key.length() > 128) {
      return Uni.createFrom().nullItem();
    }
    String client =
        clients.resolve(
            ClientAddress.peer(context.request()), context.request().getHeader("X-Forwarded-For"));
    return identityProviderManager.authenticate(new SentryKeyRequest(key.strip(), client));
  }

  /** {@code sentry_key} out of {@code Sentry sentry_version=7, sentry_key=abc, ...}. */
  static String key(String header) {
    if (header == null) {
      return null;
    }
    String rest = header.strip();
    if (rest.regionMatches(true, 0, "Sentry ", 0, 7)) {
      rest = rest.substring(7);
    }
    for (String pair : rest.split(",")) {
      String[] kv = pair.strip().split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals("sentry_key")) {
        return kv[1].strip();
      }
    }
    return null;
  }

  // Asked before OIDC and Basic: on an ingest route it answers from a cached key without the OIDC
  // mechanism looking for a token first; on every other route it steps aside at once.
  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY + 500;
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().nullItem();
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(SentryKeyRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom()
        .item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
  }
}
