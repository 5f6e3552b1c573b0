package dev.autopilot.api.notify;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Outbound deliveries, so reviewers see the ones that fail. */
@Path("/api/autopilot/notifications")
@RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
public class NotificationResource {

  private static final Set<String> STATES = Set.of("pending", "delivered", "failed");

  private final NotificationRepository notifications;

  public NotificationResource(NotificationRepository notifications) {
    this.notifications = notifications;
  }

  /** A delivery as listed: never the payload's secrets (it has none) but its outcome. */
  public record DeliveryView(
      String id,
      String endpoint,
      String eventType,
      Long issueId,
      Instant createdAt,
      int attempts,
      Integer lastStatus,
      String lastError,
      Instant nextAttemptAt,
      Instant deliveredAt,
      Instant failedAt) {

    static DeliveryView of(Notification n) {
      return new DeliveryView(
          n.id,
          n.endpoint,
          n.eventType,
          n.issueId,
          n.createdAt,
          n.attempts,
          n.lastStatus,
          n.lastError,
          n.nextAttemptAt,
          n.deliveredAt,
          n.failedAt);
    }
  }

  @GET
  @Operation(
      summary = "Deliveries by state: pending (including those being retried), delivered, failed")
  public List<DeliveryView> list(
      @QueryParam("state") @DefaultValue("pending") String state,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    if (!STATES.contains(state)) {
      throw ProblemException.badRequest(
          "Parameter 'state' must be one of pending, delivered, failed.");
    }
    if (limit < 1 || limit > 500) {
      throw ProblemException.badRequest("Parameter 'limit' must be between 1 and 500.");
    }
    return notifications.inState(state, limit).stream().map(DeliveryView::of).toList();
  }
}
