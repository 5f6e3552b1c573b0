package dev.autopilot.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Re-creates the identity of a local-mode board session from its encrypted form-login cookie. The
 * roles are read again on every request, so editing the credentials file takes effect at once; a
 * removed user's session stops working.
 */
@ApplicationScoped
public class LocalSessionIdentityProvider
    implements IdentityProvider<TrustedAuthenticationRequest> {

  private final LocalCredentials credentials;

  public LocalSessionIdentityProvider(LocalCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public Class<TrustedAuthenticationRequest> getRequestType() {
    return TrustedAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
    return credentials
        .user(request.getPrincipal())
        .map(LocalIdentityProvider::identity)
        .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException()));
  }
}
