package dev.autopilot.api.project;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.CurrentActor;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** Projects: everyone signed in sees them; only admins make and change them. */
@Path("/api/autopilot/projects")
public class ProjectResource {

  /** RFC 7396's media type; plain JSON is taken as the same. */
  static final String MERGE_PATCH = "application/merge-patch+json";

  private final ProjectService projects;
  private final ProjectDirectory directory;
  private final CurrentActor actor;
  private final ProjectAccess access;

  public ProjectResource(
      ProjectService projects,
      ProjectDirectory directory,
      CurrentActor actor,
      ProjectAccess access) {
    this.projects = projects;
    this.directory = directory;
    this.actor = actor;
    this.access = access;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.ADMIN})
  @Operation(summary = "Every project, by key, with its settings (secrets only as set or not)")
  public List<ProjectView> list() {
    return projects.all(access.listed());
  }

  @GET
  @Path("/{key}")
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER, Roles.ADMIN})
  @Operation(summary = "One project")
  public RestResponse<ProjectView> get(@PathParam("key") String key) {
    ProjectView view = projects.get(key, access.listed());
    return RestResponse.ResponseBuilder.ok(view).tag(etag(view)).build();
  }

  @POST
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a project (admin): key, name and any settings")
  public RestResponse<ProjectView> create(ObjectNode body) {
    ProjectView view = projects.create(required(body), actor.get());
    directory.changed();
    return RestResponse.ResponseBuilder.<ProjectView>created(
            URI.create("/api/autopilot/projects/" + view.key()))
        .entity(view)
        .tag(etag(view))
        .build();
  }

  @PATCH
  @Path("/{key}")
  @RolesAllowed(Roles.ADMIN)
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Operation(summary = "Change settings (admin) with a JSON merge patch; null restores the default")
  public RestResponse<ProjectView> patch(
      @PathParam("key") String key, @HeaderParam("If-Match") String ifMatch, ObjectNode body) {
    ProjectView view = projects.patch(key, required(body), version(ifMatch));
    directory.changed();
    return RestResponse.ResponseBuilder.ok(view).tag(etag(view)).build();
  }

  private static ObjectNode required(ObjectNode body) {
    if (body == null) {
      throw ProblemException.badRequest("Send the project as a JSON object.");
    }
    return body;
  }

  private static EntityTag etag(ProjectView view) {
    return new EntityTag(Long.toString(view.version()));
  }

  private static Long version(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(header.strip().replaceFirst("^W/", "").replace("\"", ""));
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("If-Match must be an ETag this server issued.");
    }
  }
}
