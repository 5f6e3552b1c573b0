package dev.autopilot.api.incident;

import dev.autopilot.api.security.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a DSN key into an identity allowed to send events to its project, and nothing else. */
@ApplicationScoped
public class SentryKeyIdentityProvider implements IdentityProvider<SentryKeyRequest> {

  /** The identity attribute holding the {@link IncidentProjectRepository.Grant}. */
  public static final String GRANT = "autopilot.incident-grant";

  private final IncidentProjectRepository projects;

  public SentryKeyIdentityProvider(IncidentProjectRepository projects) {
    this.projects = projects;
  }

  @Override
  public Class<SentryKeyRequest> getRequestType() {
    return SentryKeyRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      SentryKeyRequest request, AuthenticationRequestContext context) {
    String hash = IncidentProjectRepository.hash(request.key());
    return context.runBlocking(
        () ->
            projects
                .grant(hash)
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
