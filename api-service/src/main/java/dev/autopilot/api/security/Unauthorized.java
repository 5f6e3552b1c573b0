package dev.autopilot.api.security;

import dev.autopilot.api.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request without a valid identity: a problem document with the challenge of this mode (Basic in
 * local mode, Bearer with OIDC). Beside the other mappers of {@code ProblemMapper}, here because
 * the challenge is the security package's business.
 */
public class Unauthorized {

  private final AuthConfig auth;

  public Unauthorized(AuthConfig auth) {
    this.auth = auth;
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e, UriInfo uri) {
    String path = uri == null ? null : uri.getPath();
    if ("/j_security_check".equals(path)) {
      // A person at the local login form: back to the form with a message, not a JSON 401.
      return Response.seeOther(java.net.URI.create("/autopilot/login.html?error=1")).build();
    }
    return Response.fromResponse(
            Problem.of(401, "unauthorized", "Unauthorized", "Sign in to use this endpoint.")
                .toResponse(path))
        .header(HttpHeaders.WWW_AUTHENTICATE, auth.challenge())
        .build();
  }
}
