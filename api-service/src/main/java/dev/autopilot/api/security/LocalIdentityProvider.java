package dev.autopilot.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks HTTP Basic (and later form) logins against {@link LocalCredentials}. In OIDC mode there
 * are no local users, so every password login fails.
 */
@ApplicationScoped
public class LocalIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  private final LocalCredentials credentials;

  public LocalIdentityProvider(LocalCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    return credentials
        .verify(request.getUsername(), request.getPassword().getPassword())
        .map(LocalIdentityProvider::identity)
        .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException()));
  }

  static Uni<SecurityIdentity> identity(LocalCredentials.User user) {
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles())
                .build());
  }
}
