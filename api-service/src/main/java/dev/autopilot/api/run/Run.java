package dev.autopilot.api.run;

import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.Outcome;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One claim of an issue by a runner and how it ended: the append-only history of attempts. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "issue_id")
  public long issueId;

  public int attempt;

  @Column(name = "runner_id")
  public String runnerId;

  /** The authenticated identity that claimed the run; only it may report on the run. */
  @Column(name = "claimed_by")
  public String claimedBy;

  @Column(name = "fencing_token")
  public long fencingToken;

  @Enumerated(EnumType.STRING)
  public RunState state;

  @Column(name = "claimed_at")
  public Instant claimedAt;

  @Column(name = "lease_expires_at")
  public Instant leaseExpiresAt;

  @Column(name = "heartbeat_at")
  public Instant heartbeatAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @Enumerated(EnumType.STRING)
  public Outcome outcome;

  public String branch;

  @Column(name = "commit_sha")
  public String commitSha;

  @Column(name = "pr_url")
  public String prUrl;

  public String summary;
  public String question;

  @Column(name = "diff_stat")
  public String diffStat;

  public String patch;

  @Column(name = "patch_truncated")
  public boolean patchTruncated;

  @Column(name = "cost_usd")
  public BigDecimal costUsd;

  /** What the agent CLI itself reported, when that differs from {@link #costUsd} (metered). */
  @Column(name = "reported_cost_usd")
  public BigDecimal reportedCostUsd;

  public Integer turns;
  public Long tokens;

  @Column(name = "duration_ms")
  public Long durationMs;

  @Column(name = "failure_reason")
  @Enumerated(EnumType.STRING)
  public FailureReason failureReason;

  @Column(name = "failure_detail")
  public String failureDetail;

  @Column(name = "session_id")
  public String sessionId;

  /** The next live-log sequence number (lines stored, plus any the runner dropped). */
  @Column(name = "event_count")
  public int eventCount;

  /** Live-log lines the runner dropped when its buffer filled during an outage. */
  @Column(name = "events_dropped")
  public int eventsDropped;

  /** Whether the agent ran inside the runner's OS sandbox; null: a runner too old to say. */
  public Boolean sandboxed;

  /**
   * The one place a run changes state: the step {@code event} takes in {@link RunState}'s table. A
   * step the table does not have is a bug, never a silent overwrite.
   */
  public void transition(RunState.Event event) {
    RunState from = state;
    state =
        from.next(event)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "run " + id + ": no step " + event + " from " + from));
    finishedAt = Instant.now();
  }

  /** Ends this run without a report from the runner. */
  public void abandon(RunState.Event event, FailureReason reason) {
    transition(event);
    outcome = Outcome.FAILED;
    failureReason = reason;
  }
}
