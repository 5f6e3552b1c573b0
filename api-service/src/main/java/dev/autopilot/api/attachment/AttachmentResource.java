package dev.autopilot.api.attachment;

import dev.autopilot.api.issue.IssueRef;
import dev.autopilot.api.issue.IssueRefs;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.CurrentActor;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Files attached to an issue. */
@Path("/api/autopilot/issues/{id}/attachments")
public class AttachmentResource {

  private final AttachmentService attachments;
  private final CurrentActor actor;
  private final IssueRefs refs;

  public AttachmentResource(AttachmentService attachments, CurrentActor actor, IssueRefs refs) {
    this.refs = refs;
    this.attachments = attachments;
    this.actor = actor;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @RolesAllowed(Roles.REVIEWER)
  @Operation(summary = "Upload a file (multipart field 'file')")
  public RestResponse<AttachmentView> upload(
      @PathParam("id") IssueRef id, @RestForm("file") FileUpload file) {
    if (file == null || file.uploadedFile() == null) {
      throw ProblemException.badRequest("Send the file in the multipart field 'file'.");
    }
    Attachment meta =
        attachments.upload(
            refs.writable(id),
            file.fileName(),
            file.contentType(),
            file.uploadedFile(),
            actor.get());
    return RestResponse.ResponseBuilder.<AttachmentView>created(
            URI.create("/api/autopilot/uploads/" + meta.id))
        .entity(AttachmentView.of(meta))
        .build();
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "Attachment metadata of an issue")
  public List<AttachmentView> list(@PathParam("id") IssueRef id) {
    return attachments.list(refs.id(id)).stream().map(AttachmentView::of).toList();
  }
}
