package dev.autopilot.api.incident;

import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Test-only: a route that fails as a bug would, to see the api-service report its own error. */
@Path("/api/autopilot/test-only/boom")
public class BoomResource {

  @GET
  @RolesAllowed(Roles.VIEWER)
  @Operation(hidden = true)
  public String boom() {
    throw new IllegalStateException("the test asked for a bug");
  }
}
