package dev.autopilot.api.issue;

import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.IssueStatus;
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
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

/**
 * An issue of one project. Its global id is the primary key; people see its ref ({@code SHOP-12}):
 * the project's key and its number in the project, both set by the database on insert.
 */
@Entity
@Table(name = "issue")
public class Issue extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "project_id", updatable = false)
  public Long projectId;

  /** The number within the project, from the project's own sequence. */
  @Generated(event = EventType.INSERT)
  @Column(insertable = false, updatable = false)
  public Long number;

  /** {@code SHOP-12}: stored, since keys never change. */
  @Generated(event = EventType.INSERT)
  @Column(insertable = false, updatable = false)
  public String ref;

  public String title;
  public String body;

  @Enumerated(EnumType.STRING)
  public IssueStatus status;

  @Enumerated(EnumType.STRING)
  public IssueKind kind;

  @Enumerated(EnumType.STRING)
  public Priority priority;

  @Column(name = "human_only")
  public boolean humanOnly;

  public String assignee;

  @Column(name = "created_by")
  public String createdBy;

  /** Feedback only: the submitter's self-declared name; never verified. */
  @Column(name = "reporter_name")
  public String reporterName;

  @Column(name = "reporter_email")
  public String reporterEmail;

  @Column(name = "reporter_page")
  public String reporterPage;

  @Column(name = "feedback_fingerprint")
  public String feedbackFingerprint;

  /** Feedback only: how many identical submissions were merged into this issue. */
  @Column(name = "duplicate_count")
  public int duplicateCount;

  @Column(name = "claimed_by")
  public String claimedBy;

  public String branch;

  @Column(name = "pr_url")
  public String prUrl;

  /** The pull request's state, as GitHub's webhooks last reported it; null without one. */
  @Enumerated(EnumType.STRING)
  @Column(name = "pr_state")
  public PrState prState;

  /** The last CI conclusion GitHub reported for the branch's head ({@code success}, …). */
  @Column(name = "ci_conclusion")
  public String ciConclusion;

  /** Re-runs that GitHub reviews and CI failures started; capped by autopilot.github. */
  @Column(name = "fix_cycles")
  public int fixCycles;

  /** How many times a runner has claimed it. */
  public int attempt;

  /** The run holding the claim while {@code in_progress}. */
  @Column(name = "current_run_id")
  public java.util.UUID currentRunId;

  /** The agent's summary of its last run. */
  public String result;

  /** The model cost of the latest finished run (the agent CLI's estimate), if it reported one. */
  @Column(name = "last_run_cost_usd")
  public java.math.BigDecimal lastRunCostUsd;

  /** Transient failures in a row that sent it back to ready by itself. */
  @Column(name = "transient_retries")
  public int transientRetries;

  /** Not claimed before this (a transient failure's backoff); null: at once. */
  @Column(name = "not_before")
  public Instant notBefore;

  /** This issue's own spend cap, above the configured one once a reviewer granted more. */
  @Column(name = "spend_cap_usd")
  public java.math.BigDecimal spendCapUsd;

  /** Why it is blocked when the system blocked it ({@code budget}); null otherwise. */
  @Column(name = "blocked_reason")
  public String blockedReason;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "status_changed_at")
  public Instant statusChangedAt;

  @Version public long version;
}
