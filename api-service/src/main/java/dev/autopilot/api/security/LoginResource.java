package dev.autopilot.api.security;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Board sign-in. The HTTP layer sends an anonymous browser to the identity provider (or, in local
 * mode, to the login page) first; once signed in it lands on the board.
 */
@Path("/autopilot/login")
public class LoginResource {

  @GET
  @Authenticated
  // A browser page, not an API operation: covered by BoardLoginTest rather than the auth matrix.
  @Operation(hidden = true)
  public Response login() {
    return Response.seeOther(URI.create("/autopilot/")).build();
  }
}
