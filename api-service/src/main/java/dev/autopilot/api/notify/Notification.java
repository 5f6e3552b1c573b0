package dev.autopilot.api.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event for one endpoint, written in the transaction of the change it reports and delivered
 * after it (an outbox): at least once, always under the same {@code webhook-id}.
 */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

  /** The {@code webhook-id}: the same on every retry. */
  @Id public String id;

  public String endpoint;

  @Column(name = "event_type")
  public String eventType;

  @Column(name = "issue_id")
  public Long issueId;

  /** The body as sent (already in the endpoint's format). */
  public String payload;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "next_attempt_at")
  public Instant nextAttemptAt;

  public int attempts;

  @Column(name = "last_status")
  public Integer lastStatus;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "delivered_at")
  public Instant deliveredAt;

  /** Set when the delivery was given up; a reviewer may send it again. */
  @Column(name = "failed_at")
  public Instant failedAt;
}
