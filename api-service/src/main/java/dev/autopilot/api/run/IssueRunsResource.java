package dev.autopilot.api.run;

import dev.autopilot.api.issue.IssueRef;
import dev.autopilot.api.issue.IssueRefs;
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
  private final IssueRefs refs;

  public IssueRunsResource(IssueRepository issues, RunRepository runs, IssueRefs refs) {
    this.refs = refs;
    this.issues = issues;
    this.runs = runs;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Transactional(Transactional.TxType.SUPPORTS)
  @Operation(summary = "The runs (attempts) of an issue, oldest first, without patches")
  public List<RunView> runs(@PathParam("id") IssueRef ref) {
    long id = refs.id(ref);
    issues.require(id);
    return runs.ofIssue(id).stream().map(r -> RunView.of(r, false)).toList();
  }
}
