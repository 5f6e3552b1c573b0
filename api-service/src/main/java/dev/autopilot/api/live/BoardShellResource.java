package dev.autopilot.api.live;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /autopilot} → the board shell at {@code /autopilot/} (static, public). */
@Path("/autopilot")
public class BoardShellResource {

  @GET
  @PermitAll
  @Operation(hidden = true)
  public Response shell() {
    return Response.seeOther(URI.create("/autopilot/")).build();
  }
}
