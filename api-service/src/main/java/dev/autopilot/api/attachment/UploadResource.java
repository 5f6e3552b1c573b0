package dev.autopilot.api.attachment;

import dev.autopilot.api.issue.IssueRefs;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Downloads. Uploaded bytes are hostile: never sniffed, sandboxed by CSP, and anything that is not
 * an image, video or PDF is a download rather than a page on our origin.
 */
@Path("/api/autopilot/uploads")
public class UploadResource {

  private final AttachmentService attachments;
  private final IssueRefs refs;

  public UploadResource(AttachmentService attachments, IssueRefs refs) {
    this.attachments = attachments;
    this.refs = refs;
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.VIEWER, Roles.REVIEWER})
  @Operation(summary = "Download an attachment")
  public Response download(@PathParam("id") UUID id) {
    AttachmentService.Download file = attachments.download(id);
    if (!refs.reads(file.meta().issueId)) {
      throw ProblemException.notFound("Attachment " + id + " does not exist.");
    }
    String type = file.meta().contentType;
    boolean inline = SafeContentType.isInline(type);
    return Response.ok(file.data())
        .type(inline ? type : "application/octet-stream")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header("Cache-Control", "private, max-age=3600")
        .header("Content-Disposition", disposition(inline, file.meta().filename))
        .build();
  }

  private static String disposition(boolean inline, String filename) {
    String ascii = filename.replaceAll("[^A-Za-z0-9._ -]", "_");
    String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    return (inline ? "inline" : "attachment")
        + "; filename=\""
        + ascii
        + "\"; filename*=UTF-8''"
        + encoded;
  }
}
