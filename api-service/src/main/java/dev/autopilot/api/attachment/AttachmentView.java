package dev.autopilot.api.attachment;

import java.time.Instant;
import java.util.UUID;

/** Attachment metadata; {@code url} downloads the bytes. */
public record AttachmentView(
    UUID id,
    long issueId,
    String filename,
    String contentType,
    long sizeBytes,
    String sha256,
    boolean inline,
    String url,
    String createdBy,
    Instant createdAt) {

  public static AttachmentView of(Attachment a) {
    return new AttachmentView(
        a.id,
        a.issueId,
        a.filename,
        a.contentType,
        a.sizeBytes,
        a.sha256,
        SafeContentType.isInline(a.contentType),
        "/api/autopilot/uploads/" + a.id,
        a.createdBy,
        a.createdAt);
  }
}
