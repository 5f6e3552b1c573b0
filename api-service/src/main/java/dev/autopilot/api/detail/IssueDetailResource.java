package dev.autopilot.api.detail;

import dev.autopilot.api.budget.Budget;
import dev.autopilot.api.incident.IncidentRepository;
import dev.autopilot.api.incident.IncidentViews;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueRef;
import dev.autopilot.api.issue.IssueRefs;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.project.ProjectAccess;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** One issue with everything around it, as the drawer shows it. */
@Path("/api/autopilot/issues")
public class IssueDetailResource {

  private final IssueRepository issues;
  private final IncidentRepository incidents;
  private final Budget budget;
  private final IssueRefs refs;
  private final ProjectAccess access;

  public IssueDetailResource(
      IssueRepository issues,
      IncidentRepository incidents,
      Budget budget,
      IssueRefs refs,
      ProjectAccess access) {
    this.refs = refs;
    this.access = access;
    this.issues = issues;
    this.budget = budget;
    this.incidents = incidents;
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Transactional(Transactional.TxType.SUPPORTS)
  @Operation(summary = "An issue with its comments, attachments, history and incident")
  public Response get(@PathParam("id") IssueRef ref) {
    long id = refs.id(ref);
    Issue issue = issues.require(id);
    IssueDetail detail =
        IssueDetail.of(
            issue,
            access.writes(issue.projectId),
            incidents.ofIssue(id).map(IncidentViews.GroupView::of).orElse(null),
            budget.of(issue));
    return Response.ok(detail, MediaType.APPLICATION_JSON_TYPE)
        .tag(new EntityTag(Long.toString(detail.issue().version())))
        .build();
  }
}
