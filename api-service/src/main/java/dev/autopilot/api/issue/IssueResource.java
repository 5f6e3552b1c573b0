package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.Project;
import dev.autopilot.api.project.ProjectAccess;
import dev.autopilot.api.project.ProjectRepository;
import dev.autopilot.api.security.CurrentActor;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** The issue tracker: list, create, read, edit and move issues. */
@Path("/api/autopilot/issues")
public class IssueResource {

  private final IssueService issues;
  private final IssueSearch search;
  private final Workflow workflow;
  private final CurrentActor actor;
  private final IssueRefs refs;
  private final ProjectRepository projects;
  private final ProjectAccess access;

  public IssueResource(
      IssueService issues,
      IssueSearch search,
      Workflow workflow,
      CurrentActor actor,
      IssueRefs refs,
      ProjectRepository projects,
      ProjectAccess access) {
    this.refs = refs;
    this.projects = projects;
    this.access = access;
    this.issues = issues;
    this.search = search;
    this.workflow = workflow;
    this.actor = actor;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "List issues, newest first, with per-status counts")
  public IssueSearch.Page list(
      @QueryParam("project") String project,
      @QueryParam("status") String status,
      @QueryParam("kind") String kind,
      @QueryParam("q") String q,
      @QueryParam("assignee") String assignee,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("counts") @DefaultValue("true") boolean counts) {
    return search.find(
        IssueSearch.Filter.parse(
            project == null || project.isBlank() ? null : readable(project),
            access.readable(),
            status,
            kind,
            q,
            assignee,
            limit,
            cursor),
        counts,
        access::writes);
  }

  @POST
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Create an issue (in backlog, or ready with hand_off)")
  public RestResponse<IssueView> create(@NotNull @Valid IssueRequests.Create request) {
    Project project = projects.named(request.project());
    if (!access.reads(project.id)) {
      throw ProblemException.badRequest(
          request.project() == null
              ? "Field 'project' is required: name a project you work in."
              : "Project '" + request.project() + "' does not exist.");
    }
    access.requireWrite(project.id, "Project " + project.key);
    Issue issue = issues.create(project.id, request, actor.get());
    return RestResponse.ResponseBuilder.<IssueView>created(
            URI.create("/api/autopilot/issues/" + issue.id))
        .entity(IssueView.of(issue, true))
        .tag(etag(issue))
        .build();
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Edit fields (not the status); If-Match or version guards against races")
  public RestResponse<IssueView> patch(
      @PathParam("id") IssueRef id,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid IssueRequests.Patch request) {
    Issue issue = issues.patch(refs.writable(id), request, parseIfMatch(ifMatch));
    return RestResponse.ResponseBuilder.ok(IssueView.of(issue, true)).tag(etag(issue)).build();
  }

  @POST
  @Path("/{id}/status")
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Move an issue; an illegal move is a 409 naming the allowed ones")
  public RestResponse<IssueView> move(
      @PathParam("id") IssueRef id, @NotNull @Valid IssueRequests.Move request) {
    Issue issue = workflow.request(refs.writable(id), request, actor.get());
    return RestResponse.ResponseBuilder.ok(IssueView.of(issue, true)).tag(etag(issue)).build();
  }

  // A project the caller has no role in is one that does not exist.
  private long readable(String key) {
    Project project = projects.require(key);
    access.requireRead(project.id, "Project '" + key + "'");
    return project.id;
  }

  private static EntityTag etag(Issue issue) {
    return new EntityTag(Long.toString(issue.version));
  }

  private static Long parseIfMatch(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    try {
      return Long.parseLong(value.replace("\"", ""));
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("If-Match must be an ETag this server issued.");
    }
  }
}
