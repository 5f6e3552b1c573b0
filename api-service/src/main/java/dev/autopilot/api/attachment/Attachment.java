package dev.autopilot.api.attachment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Metadata of an uploaded file; the bytes live in {@link AttachmentContent}. */
@Entity
@Table(name = "attachment")
public class Attachment extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "issue_id")
  public Long issueId;

  public String filename;

  @Column(name = "content_type")
  public String contentType;

  @Column(name = "size_bytes")
  public long sizeBytes;

  public String sha256;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  /** The attachments of one issue, oldest first. */
  public static List<Attachment> of(long issueId) {
    return list("issueId = ?1 order by createdAt, id", issueId);
  }
}
