package dev.autopilot.api.claim;

import dev.autopilot.api.project.ProjectAccess;
import dev.autopilot.api.project.ProjectKeys;
import dev.autopilot.api.project.ProjectRepository;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The queue's health, so the board can say when no runner is taking work. */
@Path("/api/autopilot/queue")
public class QueueResource {

  private final QueueService queue;
  private final ProjectRepository projects;
  private final ProjectAccess access;

  public QueueResource(QueueService queue, ProjectRepository projects, ProjectAccess access) {
    this.queue = queue;
    this.projects = projects;
    this.access = access;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "Ready and running counts, the oldest wait, and whether work is stalled")
  public QueueHealth health(@QueryParam("project") String project) {
    if (project == null || project.isBlank()) {
      return queue.health(null, access.readable());
    }
    long id = projects.require(project).id;
    access.requireRead(id, "Project '" + project + "'");
    return queue.health(ProjectKeys.normal(project), Set.of(id));
  }
}
