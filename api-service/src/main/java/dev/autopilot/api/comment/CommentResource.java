package dev.autopilot.api.comment;

import dev.autopilot.api.issue.IssueRef;
import dev.autopilot.api.issue.IssueRefs;
import dev.autopilot.api.security.CurrentActor;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** The thread of an issue. */
@Path("/api/autopilot/issues/{id}/comments")
public class CommentResource {

  private final CommentService comments;
  private final CurrentActor actor;
  private final IssueRefs refs;

  public CommentResource(CommentService comments, CurrentActor actor, IssueRefs refs) {
    this.refs = refs;
    this.comments = comments;
    this.actor = actor;
  }

  /** {@code POST} body; the author comes from the caller's identity. */
  public record NewComment(@NotNull String body) {}

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "The thread, oldest first")
  public List<CommentView> list(@PathParam("id") IssueRef id) {
    return comments.thread(refs.id(id)).stream().map(CommentView::of).toList();
  }

  @POST
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Comment; on a blocked issue this is the answer and moves it to ready")
  public RestResponse<CommentView> add(
      @PathParam("id") IssueRef ref, @NotNull @Valid NewComment body) {
    long id = refs.writable(ref);
    Comment comment = comments.add(id, body.body(), actor.get());
    return RestResponse.ResponseBuilder.<CommentView>created(
            URI.create("/api/autopilot/issues/" + id + "/comments"))
        .entity(CommentView.of(comment))
        .build();
  }
}
