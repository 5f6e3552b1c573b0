package dev.autopilot.api.outbox;

import dev.autopilot.contract.Priority;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Work to publish, written in the transaction that made the issue ready. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "issue_id")
  public long issueId;

  /**
   * The key of the issue's project: the message's key, so runners can skip what they do not serve.
   */
  public String project;

  public int attempt;

  @Enumerated(EnumType.STRING)
  public Priority priority;

  @Column(name = "ready_at")
  public Instant readyAt;

  /** Not sent before this (a transient failure's backoff); null: at once. */
  @Column(name = "not_before")
  public Instant notBefore;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "sent_at")
  public Instant sentAt;
}
