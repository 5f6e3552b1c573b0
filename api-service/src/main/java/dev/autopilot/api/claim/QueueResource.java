package dev.autopilot.api.claim;

import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The queue's health, so the board can say when no runner is taking work. */
@Path("/api/autopilot/queue")
public class QueueResource {

  private final QueueService queue;

  public QueueResource(QueueService queue) {
    this.queue = queue;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "Ready and running counts, the oldest wait, and whether work is stalled")
  public QueueHealth health() {
    return queue.health();
  }
}
