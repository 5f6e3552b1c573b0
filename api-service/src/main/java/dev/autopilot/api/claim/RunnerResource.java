package dev.autopilot.api.claim;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.run.RunView;
import dev.autopilot.api.security.CappedBody;
import dev.autopilot.api.security.CurrentActor;
import dev.autopilot.api.security.Roles;
import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.contract.Heartbeat;
import dev.autopilot.contract.ProgressBatch;
import dev.autopilot.contract.Release;
import dev.autopilot.contract.RunReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The runner-facing API: role {@code runner} only; runners never see the database. */
@Path("/api/autopilot/runner/claims")
@RolesAllowed(Roles.RUNNER)
public class RunnerResource {

  // Caps before parsing: a report holds at most a 2 MiB patch and a 256 KiB stat from the runner
  // (JSON escaping grows them), a batch at most 500 lines of 8 KiB; the rest are a few fields.
  private static final long SMALL = 64 * 1024;
  private static final long LARGE = 8 * 1024 * 1024;

  private final ClaimService claims;
  private final RunReportService reports;
  private final CurrentActor actor;

  public RunnerResource(ClaimService claims, RunReportService reports, CurrentActor actor) {
    this.claims = claims;
    this.reports = reports;
    this.actor = actor;
  }

  @POST
  @CappedBody(bytes = SMALL, what = "A claim request")
  @Operation(summary = "Claim the given issue, or the most urgent oldest ready one (204: none)")
  public CompletionStage<Response> claim(@NotNull ClaimRequest request) {
    return claims
        .claim(request, actor.get())
        .thenApply(
            grant ->
                grant
                    .map(g -> Response.ok(g).build())
                    .orElseGet(() -> Response.noContent().build()));
  }

  @POST
  @Path("/{claim}/heartbeat")
  @CappedBody(bytes = SMALL, what = "A heartbeat")
  @Operation(
      summary =
          "Extend the lease and report the live cost; 410 when the run was cancelled or its issue"
              + " went over its spend cap, 409 when superseded")
  public Heartbeat.Ack heartbeat(@PathParam("claim") UUID claim, @NotNull Heartbeat body) {
    return claims
        .heartbeat(claim, body.fencingToken(), body.leaseSeconds(), body.costUsd(), actor.get())
        .map(Heartbeat.Ack::new)
        .orElseThrow(
            () ->
                new ProblemException(
                    410,
                    "over-budget",
                    "Over budget",
                    "The issue reached its spend cap; the run is stopped."));
  }

  @POST
  @Path("/{claim}/events")
  @CappedBody(bytes = LARGE, what = "A progress batch")
  @Operation(summary = "Append progress lines for the live view")
  public Map<String, Integer> events(@PathParam("claim") UUID claim, @NotNull ProgressBatch body) {
    return Map.of("accepted", reports.progress(claim, body, actor.get()));
  }

  @POST
  @Path("/{claim}/result")
  @CappedBody(bytes = LARGE, what = "A run report")
  @Operation(summary = "Report how the run ended; idempotent, refused when the claim is stale")
  public RunView result(@PathParam("claim") UUID claim, @NotNull RunReport body) {
    return RunView.of(reports.report(claim, body, actor.get()), false);
  }

  @POST
  @Path("/{claim}/release")
  @CappedBody(bytes = SMALL, what = "A release")
  @Operation(summary = "Give an unfinished claim back; the issue returns to the queue at once")
  public RunView release(@PathParam("claim") UUID claim, @NotNull Release body) {
    return RunView.of(reports.release(claim, body, actor.get()), false);
  }
}
