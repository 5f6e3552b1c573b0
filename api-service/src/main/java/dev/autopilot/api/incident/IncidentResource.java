package dev.autopilot.api.incident;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectAccess;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Incident groups and their events, for reviewers and the board. */
@Path("/api/autopilot/incidents")
@RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
public class IncidentResource {

  private final IncidentRepository groups;
  private final IncidentProjectRepository incidentProjects;
  private final ProjectAccess access;

  public IncidentResource(
      IncidentRepository groups, IncidentProjectRepository incidentProjects, ProjectAccess access) {
    this.groups = groups;
    this.incidentProjects = incidentProjects;
    this.access = access;
  }

  @GET
  @Operation(summary = "Groups, most recently seen first")
  public List<IncidentViews.GroupView> list(
      @QueryParam("project") Long project, @QueryParam("limit") @DefaultValue("50") int limit) {
    return groups.ofProject(project, access.readable(), limit(limit)).stream()
        .map(IncidentViews.GroupView::of)
        .toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One group")
  public IncidentViews.GroupView group(@PathParam("id") long id) {
    return IncidentViews.GroupView.of(require(id));
  }

  @GET
  @Path("/{id}/events")
  @Operation(summary = "A group's newest events, as the SDK sent them")
  public List<IncidentRepository.StoredEvent> events(
      @PathParam("id") long id, @QueryParam("limit") @DefaultValue("20") int limit) {
    require(id);
    return groups.events(id, limit(limit));
  }

  private IncidentGroup require(long id) {
    IncidentGroup group = groups.findById(id);
    // An incident of a project the caller has no role in is one that does not exist.
    if (group == null || !access.reads(incidentProjects.require(group.projectId).projectId)) {
      throw ProblemException.notFound("No such incident.");
    }
    return group;
  }

  private static int limit(int limit) {
    if (limit < 1 || limit > 200) {
      throw ProblemException.badRequest("Parameter 'limit' must be between 1 and 200.");
    }
    return limit;
  }
}
