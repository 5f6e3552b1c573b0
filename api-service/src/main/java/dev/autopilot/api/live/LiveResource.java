package dev.autopilot.api.live;

import dev.autopilot.api.security.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Server-sent events: issue created, moved, updated, commented, run progress. */
@Path("/api/autopilot/events")
public class LiveResource {

  private final BoardFeed feed;

  public LiveResource(BoardFeed feed) {
    this.feed = feed;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "Live board events (server-sent events)")
  public Multi<BoardEvent> events() {
    return feed.stream();
  }
}
