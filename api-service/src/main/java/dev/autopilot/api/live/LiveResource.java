package dev.autopilot.api.live;

import dev.autopilot.api.project.IssueProjectRepository;
import dev.autopilot.api.project.ProjectAccess;
import dev.autopilot.api.security.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Server-sent events: issue created, moved, updated, commented, run progress. */
@Path("/api/autopilot/events")
public class LiveResource {

  private final BoardFeed feed;
  private final ProjectAccess access;
  private final IssueProjectRepository issueProjects;

  public LiveResource(BoardFeed feed, ProjectAccess access, IssueProjectRepository issueProjects) {
    this.feed = feed;
    this.access = access;
    this.issueProjects = issueProjects;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "Live board events (server-sent events)")
  public Multi<BoardEvent> events() {
    Set<Long> within = access.readable();
    if (within == null) {
      return feed.stream();
    }
    // Decided at subscription: the stream outlives the request. Pings and resyncs (issue 0) pass.
    return feed.stream()
        .filter(e -> e.issueId() == 0 || within.contains(issueProjects.of(e.issueId())));
  }
}
