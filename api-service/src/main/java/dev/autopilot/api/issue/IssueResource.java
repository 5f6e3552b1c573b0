package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
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

  public IssueResource(
      IssueService issues, IssueSearch search, Workflow workflow, CurrentActor actor) {
    this.issues = issues;
    this.search = search;
    this.workflow = workflow;
    this.actor = actor;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "List issues, newest first, with per-status counts")
  public IssueSearch.Page list(
      @QueryParam("status") String status,
      @QueryParam("kind") String kind,
      @QueryParam("q") String q,
      @QueryParam("assignee") String assignee,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("counts") @DefaultValue("true") boolean counts) {
    return search.find(
        IssueSearch.Filter.parse(status, kind, q, assignee, limit, cursor),
        counts,
        actor.mayMove());
  }

  @POST
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Create an issue (in backlog, or ready with hand_off)")
  public RestResponse<IssueView> create(@NotNull @Valid IssueRequests.Create request) {
    Issue issue = issues.create(request, actor.get());
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
      @PathParam("id") long id,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid IssueRequests.Patch request) {
    Issue issue = issues.patch(id, request, parseIfMatch(ifMatch));
    return RestResponse.ResponseBuilder.ok(IssueView.of(issue, true)).tag(etag(issue)).build();
  }

  @POST
  @Path("/{id}/status")
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Move an issue; an illegal move is a 409 naming the allowed ones")
  public RestResponse<IssueView> move(
      @PathParam("id") long id, @NotNull @Valid IssueRequests.Move request) {
    Issue issue = workflow.request(id, request, actor.get());
    return RestResponse.ResponseBuilder.ok(IssueView.of(issue, true)).tag(etag(issue)).build();
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
