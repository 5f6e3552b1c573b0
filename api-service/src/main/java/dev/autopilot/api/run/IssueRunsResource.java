package dev.autopilot.api.run;

import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The attempts of one issue. */
@Path("/api/autopilot/issues/{id}/runs")
public class IssueRunsResource {

  private final IssueRepository issues;
  private final RunRepository runs;

  public IssueRunsResource(IssueRepository issues, RunRepository runs) {
    this.issues = issues;
    this.runs = runs;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Transactional(Transactional.TxType.SUPPORTS)
  @Operation(summary = "The runs (attempts) of an issue, oldest first, without patches")
  public List<RunView> runs(@PathParam("id") long id) {
    issues.require(id);
    return runs.ofIssue(id).stream().map(r -> RunView.of(r, false)).toList();
  }
}
