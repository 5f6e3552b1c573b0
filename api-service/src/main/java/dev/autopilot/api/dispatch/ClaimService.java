package dev.autopilot.api.dispatch;

import dev.autopilot.api.comment.Comment;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.contract.PreviousRun;
import dev.autopilot.contract.ThreadEntry;
import dev.autopilot.contract.WorkIssue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims: one conditional UPDATE decides the winner, so any number of runners on one queue never
 * take the same issue twice. The claim takes the issue asked for, or the most urgent, oldest ready
 * one (Kafka messages are only wake-ups, so an urgent hand-off never waits behind a backlog).
 */
@ApplicationScoped
public class ClaimService {

  // One statement: lock the best candidate (skipping rows other claimers hold) and take it.
  private static final String CLAIM =
      """
      with candidate as (
        select id, status_changed_at from issue
        where status = 'READY' and not human_only and (?1 = 0 or id = ?1)
        order by priority_rank, status_changed_at, id
        limit 1
        for update skip locked)
      update issue i
         set status = 'IN_PROGRESS', attempt = i.attempt + 1, claimed_by = ?2,
             current_run_id = ?3, version = i.version + 1,
             updated_at = now(), status_changed_at = now()
        from candidate c
       where i.id = c.id
      returning i.id, c.status_changed_at, nextval('fencing_token_seq')
      """;

  private final EntityManager em;
  private final Workflow workflow;
  private final DispatchConfig config;
  private final Timer claimLatency;

  public ClaimService(
      EntityManager em, Workflow workflow, DispatchConfig config, MeterRegistry metrics) {
    this.em = em;
    this.workflow = workflow;
    this.config = config;
    this.claimLatency =
        Timer.builder("autopilot.claim.latency")
            .description("Time from an issue becoming ready to a runner claiming it")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  /**
   * Claims an issue for {@code runner}: empty when nothing is ready; a 409 when a specific issue
   * was asked for and is not (or no longer) claimable.
   */
  @Transactional
  public Optional<ClaimGrant> claim(ClaimRequest request, Actor runner) {
    String runnerId = UntrustedText.line(request.runnerId());
    if (runnerId == null || runnerId.isEmpty() || runnerId.length() > 200) {
      throw ProblemException.badRequest("Field 'runner_id' is required (at most 200 characters).");
    }
    Duration lease = lease(request.leaseSeconds());
    UUID runId = UUID.randomUUID();
    long wanted = request.issueId() == null ? 0 : request.issueId();
    @SuppressWarnings("unchecked")
    List<Object[]> won =
        em.createNativeQuery(CLAIM)
            .setParameter(1, wanted)
            .setParameter(2, runnerId)
            .setParameter(3, runId)
            .getResultList();
    if (won.isEmpty()) {
      if (request.issueId() != null) {
        throw ProblemException.conflict(
            "not-claimable",
            "Issue #" + wanted + " is not ready (someone else claimed it, or it was moved).");
      }
      return Optional.empty();
    }
    long issueId = ((Number) won.get(0)[0]).longValue();
    Instant readyAt = instant(won.get(0)[1]);
    long fencing = ((Number) won.get(0)[2]).longValue();
    Issue issue = em.find(Issue.class, issueId);
    Run previous = lastRun(issueId);

    Instant now = Instant.now();
    Run run = new Run();
    run.id = runId;
    run.issueId = issueId;
    run.attempt = issue.attempt;
    run.runnerId = runnerId;
    run.claimedBy = runner.name();
    run.fencingToken = fencing;
    run.state = RunState.RUNNING;
    run.claimedAt = now;
    run.leaseExpiresAt = now.plus(lease);
    run.persist();
    workflow.claimed(issue, runner, "claimed by " + runnerId);
    claimLatency.record(Duration.between(readyAt, now));
    return Optional.of(
        new ClaimGrant(
            runId.toString(),
            fencing,
            run.attempt,
            run.leaseExpiresAt,
            work(issue),
            previous(previous)));
  }

  /** The run a claim started, checked against the caller's fencing token. */
  Run requireRunning(UUID runId, long fencingToken) {
    Run run = em.find(Run.class, runId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (run == null) {
      throw ProblemException.notFound("No such claim.");
    }
    if (run.fencingToken != fencingToken) {
      throw stale("The fencing token does not match this claim.");
    }
    if (run.state == RunState.CANCELLED) {
      throw new ProblemException(
          410,
          "claim-cancelled",
          "Claim cancelled",
          "A reviewer cancelled this run; stop working.");
    }
    if (run.state != RunState.RUNNING) {
      throw stale("This claim is over (" + run.state.name().toLowerCase() + ").");
    }
    return run;
  }

  /** Extends the lease of a running claim. */
  @Transactional
  public Instant heartbeat(UUID runId, long fencingToken, Integer leaseSeconds) {
    Run run = requireRunning(runId, fencingToken);
    Instant now = Instant.now();
    run.heartbeatAt = now;
    run.leaseExpiresAt = now.plus(lease(leaseSeconds));
    return run.leaseExpiresAt;
  }

  static ProblemException stale(String detail) {
    return ProblemException.conflict("stale-claim", detail);
  }

  private Duration lease(Integer seconds) {
    if (seconds == null) {
      return config.lease();
    }
    if (seconds < 1 || seconds > config.maxLease().toSeconds()) {
      throw ProblemException.badRequest(
          "Field 'lease_seconds' must be between 1 and " + config.maxLease().toSeconds() + ".");
    }
    return Duration.ofSeconds(seconds);
  }

  private static Run lastRun(long issueId) {
    return Run.<Run>find("issueId = ?1 order by claimedAt desc", issueId).firstResult();
  }

  private static PreviousRun previous(Run run) {
    if (run == null) {
      return null;
    }
    return new PreviousRun(
        run.outcome == null ? null : run.outcome.wire(), run.branch, run.commitSha, run.sessionId);
  }

  private static WorkIssue work(Issue issue) {
    List<ThreadEntry> thread =
        Comment.of(issue.id).stream()
            .map(c -> new ThreadEntry(c.author, c.authorKind.wire(), c.body, c.createdAt))
            .toList();
    return new WorkIssue(
        issue.id,
        issue.title,
        issue.body,
        issue.kind.wire(),
        issue.priority.wire(),
        issue.branch,
        thread);
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    return Instant.now();
  }
}
