package dev.autopilot.api.budget;

import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Today's spend against the caps. */
@Path("/api/autopilot/budget")
@RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
public class BudgetResource {

  private final Budget budget;

  public BudgetResource(Budget budget) {
    this.budget = budget;
  }

  @GET
  @Operation(summary = "Today's model spend (UTC) and the per-issue and daily caps")
  public BudgetView budget() {
    return budget.view();
  }
}
