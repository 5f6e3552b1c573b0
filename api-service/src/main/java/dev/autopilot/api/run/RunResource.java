package dev.autopilot.api.run;

import dev.autopilot.api.issue.IssueRefs;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Runs and their live logs, for the board. */
@Path("/api/autopilot/runs")
@RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
public class RunResource {

  private final RunRepository runs;
  private final IssueRefs refs;

  public RunResource(RunRepository runs, IssueRefs refs) {
    this.runs = runs;
    this.refs = refs;
  }

  /** One line of a run's log. */
  public record EventView(int seq, Instant at, String kind, String text) {}

  @GET
  @Path("/{run}")
  @Transactional(Transactional.TxType.SUPPORTS)
  @Operation(summary = "One run with its patch")
  public RunView run(@PathParam("run") UUID id) {
    return RunView.of(readable(id), true);
  }

  @GET
  @Path("/{run}/events")
  @Transactional(Transactional.TxType.SUPPORTS)
  @Operation(summary = "A run's log lines after sequence number 'after' (-1 for all)")
  public List<EventView> events(
      @PathParam("run") UUID id,
      @QueryParam("after") Integer after,
      @QueryParam("limit") Integer limit) {
    readable(id);
    int from = after == null ? -1 : after;
    int size = limit == null ? 500 : Math.max(1, Math.min(limit, 2000));
    return runs.events(id, from, size).stream()
        .map(e -> new EventView(e.key.seq(), e.at, e.kind, e.text))
        .toList();
  }

  // A run of an issue the caller does not reach is one that does not exist.
  private Run readable(UUID id) {
    Run run = runs.require(id);
    if (!refs.reads(run.issueId)) {
      throw ProblemException.notFound("No such run.");
    }
    return run;
  }
}
