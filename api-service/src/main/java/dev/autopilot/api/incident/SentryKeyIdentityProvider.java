package dev.autopilot.api.incident;

import dev.autopilot.api.security.Roles;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Turns a DSN key into an identity allowed to send events to its project, and nothing else. */
@ApplicationScoped
public class SentryKeyIdentityProvider implements IdentityProvider<SentryKeyRequest> {

  /** The identity attribute holding the {@link IncidentProjectRepository.Grant}. */
  public static final String GRANT = "autopilot.incident-grant";

  private final IncidentProjectRepository projects;
  private final Cache keys;

  public SentryKeyIdentityProvider(
      IncidentProjectRepository projects,
      @CacheName(IncidentProjectRepository.KEY_CACHE) Cache keys) {
    this.projects = projects;
    this.keys = keys;
  }

  @Override
  public Class<SentryKeyRequest> getRequestType() {
    return SentryKeyRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      SentryKeyRequest request, AuthenticationRequestContext context) {
    String hash = IncidentProjectRepository.hash(request.key());
    // A cached key answers on the event loop; only a miss reads the database, on a worker thread.
    Uni<Optional<IncidentProjectRepository.Grant>> cached =
        keys.getAsync(
            hash,
            h ->
                Uni.createFrom()
                    .item(() -> projects.grant(h))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    return cached.map(
        found ->
            found
                .map(
                    grant ->
                        (SecurityIdentity)
                            QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal("dsn-key-" + grant.keyId()))
                                .addRole(Roles.INGEST)
                                .addAttribute(GRANT, grant)
                                .build())
                .orElseThrow(AuthenticationFailedException::new));
  }
}
