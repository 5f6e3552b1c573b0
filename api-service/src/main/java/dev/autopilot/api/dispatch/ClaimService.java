package dev.autopilot.api.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.live.BoardEvent;
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
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims: one conditional UPDATE decides the winner, so any number of runners on one queue never
 * take the same issue twice. The claim takes the issue asked for, or the most urgent, oldest ready
 * one (Kafka messages are only wake-ups, so an urgent hand-off never waits behind a backlog).
 */
@ApplicationScoped
public class ClaimService {

  // One statement, one round trip: lock the best candidate (skipping rows other claimers hold),
  // take it, start its run, record the move, and return what the runner needs.
  private static final String CLAIM =
      """
      with candidate as (
        select id, status_changed_at from issue
        where status = 'READY' and not human_only and (?1 = 0 or id = ?1)
        order by priority_rank, status_changed_at, id
        limit 1
        for update skip locked),
      claimed as (
        update issue i
           set status = 'IN_PROGRESS', attempt = i.attempt + 1, claimed_by = ?2,
               current_run_id = ?3, version = i.version + 1,
               updated_at = now(), status_changed_at = now()
          from candidate c
         where i.id = c.id
        returning i.id, i.attempt, i.title, i.body, i.kind, i.priority, i.branch,
                  c.status_changed_at as ready_at),
      started as (
        insert into run (id, issue_id, attempt, runner_id, claimed_by, fencing_token, state,
                         claimed_at, lease_expires_at)
        select ?3, id, attempt, ?2, ?4, nextval('fencing_token_seq'), 'RUNNING',
               now(), now() + ?5 * interval '1 millisecond'
          from claimed
        returning fencing_token, lease_expires_at),
      history as (
        insert into issue_status_change (issue_id, from_status, to_status, actor, actor_kind,
                                         reason, changed_at)
        select id, 'READY', 'IN_PROGRESS', ?4, 'AGENT', 'claimed by ' || ?2, now()
          from claimed)
      select c.id, c.attempt, c.title, c.body, c.kind, c.priority, c.branch, c.ready_at,
             s.fencing_token, s.lease_expires_at,
             (select coalesce(json_agg(json_build_object(
                        'author', m.author, 'author_kind', lower(m.author_kind),
                        'body', m.body, 'at', m.created_at) order by m.id), '[]')::text
                from issue_comment m where m.issue_id = c.id) as thread,
             (select json_build_object('outcome', lower(p.outcome), 'branch', p.branch,
                        'commit', p.commit_sha, 'session_id', p.session_id)::text
                from run p where p.issue_id = c.id
               order by p.claimed_at desc limit 1) as previous
        from claimed c, started s
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EntityManager em;
  private final Event<BoardEvent> board;
  private final DispatchConfig config;
  private final Timer claimLatency;

  public ClaimService(
      EntityManager em, Event<BoardEvent> board, DispatchConfig config, MeterRegistry metrics) {
    this.em = em;
    this.board = board;
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
    Workflow.requireClaimable(runner);
    @SuppressWarnings("unchecked")
    List<Object[]> won =
        em.createNativeQuery(CLAIM)
            .setParameter(1, wanted)
            .setParameter(2, runnerId)
            .setParameter(3, runId)
            .setParameter(4, runner.name())
            .setParameter(5, lease.toMillis())
            .getResultList();
    if (won.isEmpty()) {
      if (request.issueId() != null) {
        throw ProblemException.conflict(
            "not-claimable",
            "Issue #" + wanted + " is not ready (someone else claimed it, or it was moved).");
      }
      return Optional.empty();
    }
    Object[] row = won.get(0);
    Instant now = Instant.now();
    Instant readyAt = instant(row[7]);
    claimLatency.record(Duration.between(readyAt, now));
    board.fire(BoardEvent.moved(((Number) row[0]).longValue(), "in_progress"));
    WorkIssue issue =
        new WorkIssue(
            ((Number) row[0]).longValue(),
            (String) row[2],
            (String) row[3],
            ((String) row[4]).toLowerCase(Locale.ROOT),
            ((String) row[5]).toLowerCase(Locale.ROOT),
            (String) row[6],
            thread((String) row[10]));
    return Optional.of(
        new ClaimGrant(
            runId.toString(),
            ((Number) row[8]).longValue(),
            ((Number) row[1]).intValue(),
            instant(row[9]),
            issue,
            previous((String) row[11])));
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

  private static List<ThreadEntry> thread(String json) {
    try {
      List<ThreadEntry> thread = new ArrayList<>();
      for (JsonNode c : JSON.readTree(json)) {
        thread.add(
            new ThreadEntry(
                c.path("author").asText(),
                c.path("author_kind").asText(),
                c.path("body").asText(),
                OffsetDateTime.parse(c.path("at").asText()).toInstant()));
      }
      return thread;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreviousRun previous(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode p = JSON.readTree(json);
      return new PreviousRun(
          p.path("outcome").asText(null),
          p.path("branch").asText(null),
          p.path("commit").asText(null),
          p.path("session_id").asText(null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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
