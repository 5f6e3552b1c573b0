package dev.autopilot.api.incident;

import dev.autopilot.api.security.Roles;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
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
import java.util.concurrent.CompletableFuture;

/**
 * Turns a DSN key into an identity allowed to send events to its project, and nothing else. Only
 * keys that exist are cached (a failed lookup is not kept), so a stream of made-up keys cannot push
 * good keys out of the bounded cache; looking one up takes from its client's {@link UnknownKeys}
 * budget, which a key that exists gives back.
 */
@ApplicationScoped
public class SentryKeyIdentityProvider implements IdentityProvider<SentryKeyRequest> {

  /** The identity attribute holding the {@link IncidentProjectRepository.Grant}. */
  public static final String GRANT = "autopilot.incident-grant";

  private final IncidentProjectRepository projects;
  private final UnknownKeys unknown;
  private final Cache keys;

  public SentryKeyIdentityProvider(
      IncidentProjectRepository projects,
      UnknownKeys unknown,
      @CacheName(IncidentProjectRepository.KEY_CACHE) Cache keys) {
    this.projects = projects;
    this.unknown = unknown;
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
    // Only a key that exists is put in the cache (not through a loader: Caffeine logs every failed
    // load, and made-up keys would flood the log).
    CaffeineCache cache = keys.as(CaffeineCache.class);
    CompletableFuture<IncidentProjectRepository.Grant> hit = cache.getIfPresent(hash);
    Uni<IncidentProjectRepository.Grant> grant =
        hit != null
            ? Uni.createFrom().completionStage(hit)
            : Uni.createFrom()
                .item(() -> lookUp(hash, request.client()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(found -> cache.put(hash, CompletableFuture.completedFuture(found)));
    return grant.map(
        found ->
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("dsn-key-" + found.keyId()))
                .addRole(Roles.INGEST)
                .addAttribute(GRANT, found)
                .build());
  }

  private IncidentProjectRepository.Grant lookUp(String hash, String client) {
    unknown.take(client);
    Optional<IncidentProjectRepository.Grant> grant = projects.grant(hash);
    if (grant.isEmpty()) {
      throw new AuthenticationFailedException();
    }
    unknown.known(client);
    return grant.get();
  }
}
