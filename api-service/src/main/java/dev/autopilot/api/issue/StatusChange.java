package dev.autopilot.api.issue;

import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
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
import java.util.List;

/** One entry of an issue's append-only status history. */
@Entity
@Table(name = "issue_status_change")
public class StatusChange extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "issue_id")
  public Long issueId;

  @Enumerated(EnumType.STRING)
  @Column(name = "from_status")
  public IssueStatus fromStatus;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_status")
  public IssueStatus toStatus;

  public String actor;

  @Enumerated(EnumType.STRING)
  @Column(name = "actor_kind")
  public ActorKind actorKind;

  public String reason;

  @Column(name = "changed_at")
  public Instant changedAt;

  /** The history of one issue, oldest first. */
  public static List<StatusChange> of(long issueId) {
    return list("issueId = ?1 order by id", issueId);
  }
}
