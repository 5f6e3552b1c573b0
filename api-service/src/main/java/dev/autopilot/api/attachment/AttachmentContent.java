package dev.autopilot.api.attachment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The bytes of an attachment, kept apart so listing metadata never loads them. */
@Entity
@Table(name = "attachment_content")
public class AttachmentContent extends PanacheEntityBase {

  @Id
  @Column(name = "attachment_id")
  public UUID attachmentId;

  public byte[] data;
}
