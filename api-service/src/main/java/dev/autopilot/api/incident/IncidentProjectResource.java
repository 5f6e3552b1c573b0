package dev.autopilot.api.incident;

import dev.autopilot.api.project.ProjectAccess;
import dev.autopilot.api.security.CurrentActor;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** Incident projects and their DSN keys; a key is shown once, when it is made. */
@Path("/api/autopilot/incident-projects")
public class IncidentProjectResource {

  private final IncidentAdmin admin;
  private final IncidentProjectRepository projects;
  private final CurrentActor actor;
  private final ProjectAccess access;

  public IncidentProjectResource(
      IncidentAdmin admin,
      IncidentProjectRepository projects,
      CurrentActor actor,
      ProjectAccess access) {
    this.admin = admin;
    this.projects = projects;
    this.actor = actor;
    this.access = access;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "Projects and their keys (never the keys themselves)")
  public List<IncidentViews.ProjectView> list() {
    return projects.all().stream()
        .filter(p -> access.reads(p.projectId))
        .map(p -> IncidentViews.ProjectView.of(p, projects.keys(p.id)))
        .toList();
  }

  @POST
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "A project and its first key; the answer holds the DSN to configure")
  public RestResponse<IncidentViews.CreatedProject> create(
      @NotNull @Valid IncidentViews.NewProject body, @Context UriInfo uri) {
    IncidentViews.CreatedProject created = admin.create(body, actor.get(), uri.getBaseUri());
    return RestResponse.ResponseBuilder.<IncidentViews.CreatedProject>created(
            URI.create("/api/autopilot/incident-projects/" + created.project().id()))
        .entity(created)
        .build();
  }

  @POST
  @Path("/{id}/keys")
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Another key for a project (to rotate one)")
  public RestResponse<IncidentViews.NewKey> newKey(
      @PathParam("id") long id, @Valid IncidentViews.NewKeyRequest body, @Context UriInfo uri) {
    IncidentViews.NewKey key =
        admin.newKey(id, body == null ? null : body.label(), actor.get(), uri.getBaseUri());
    return RestResponse.ResponseBuilder.<IncidentViews.NewKey>created(
            URI.create("/api/autopilot/incident-projects/" + id + "/keys/" + key.id()))
        .entity(key)
        .build();
  }

  @DELETE
  @Path("/{id}/keys/{key}")
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Revoke a key; its events are refused from now on")
  public void revoke(@PathParam("id") long id, @PathParam("key") long key) {
    admin.revoke(id, key);
  }
}
