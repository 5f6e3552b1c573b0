package dev.autopilot.api.claim;

import dev.autopilot.api.budget.Budget;
import dev.autopilot.api.dispatch.DispatchConfig;
import dev.autopilot.api.groupcommit.GroupCommit;
import dev.autopilot.api.groupcommit.GroupCommit.Pending;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueMoved;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.Move;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectDirectory;
import dev.autopilot.api.project.ProjectKeys;
import dev.autopilot.api.run.ClaimStatement;
import dev.autopilot.api.run.Run;
import dev.autopilot.api.run.RunRepository;
import dev.autopilot.api.run.RunState;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.contract.Wire;
import dev.autopilot.contract.WorkProject;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Claims: one conditional UPDATE decides the winner, so any number of runners on one queue never
 * take the same issue twice. The claim takes the issue asked for, or the most urgent, oldest ready
 * one (Kafka messages are only wake-ups, so an urgent hand-off never waits behind a backlog).
 */
@ApplicationScoped
public class ClaimService {

  private static final Logger LOG = Logger.getLogger(ClaimService.class);

  private final ProjectDirectory directory;
  private final RunRepository runs;
  private final IssueRepository issues;
  private final Budget budget;
  private final Event<IssueMoved> moved;
  private final DispatchConfig config;
  private final Timer claimLatency;
  private GroupCommit<ClaimStatement.Ask, Optional<ClaimStatement.Claimed>> writers;

  public ClaimService(
      RunRepository runs,
      IssueRepository issues,
      Budget budget,
      Event<IssueMoved> moved,
      DispatchConfig config,
      MeterRegistry metrics,
      ProjectDirectory directory) {
    this.directory = directory;
    this.runs = runs;
    this.issues = issues;
    this.budget = budget;
    this.moved = moved;
    this.config = config;
    this.claimLatency =
        Timer.builder("autopilot.claim.latency")
            .description("Time from an issue becoming ready to a runner claiming it")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  void start(@Observes StartupEvent e) {
    writers =
        new GroupCommit<>(
            "claims",
            config.claimWriters(),
            config.claimBatchSize(),
            10_000,
            this::write,
            ClaimService::unavailable);
  }

  void stop(@Observes ShutdownEvent e) throws InterruptedException {
    writers.stop();
  }

  /**
   * Claims an issue for {@code runner}: empty when nothing is ready; a 409 when a specific issue
   * was asked for and is not (or no longer) claimable. Concurrent claims share one statement.
   */
  public CompletionStage<Optional<ClaimGrant>> claim(ClaimRequest request, Actor runner) {
    String runnerId = UntrustedText.line(request.runnerId());
    if (runnerId == null || runnerId.isEmpty() || runnerId.length() > 200) {
      throw ProblemException.badRequest("Field 'runner_id' is required (at most 200 characters).");
    }
    Duration lease = lease(request.leaseSeconds());
    long wanted = request.issueId() == null ? 0 : request.issueId();
    Workflow.requireClaimable(runner);
    if (budget.dayOver()) {
      LOG.debugf("Claim by %s refused: today's spend reached the daily cap", runnerId);
      if (wanted != 0) {
        throw ProblemException.conflict(
            "daily-budget", "Today's spend reached the daily cap; work waits for the next day.");
      }
      return CompletableFuture.completedFuture(Optional.empty());
    }
    ClaimStatement.Ask ask =
        new ClaimStatement.Ask(
            wanted,
            runnerId,
            UUID.randomUUID(),
            runner.name(),
            lease.toMillis(),
            request.sandboxed(),
            budget.issueCap(),
            served(request.projects()));
    return writers
        .submit(ask)
        .thenCompose(
            won -> {
              if (won.isEmpty() && wanted != 0) {
                return CompletableFuture.failedFuture(
                    ProblemException.conflict(
                        "not-claimable",
                        "Issue #"
                            + wanted
                            + " is not ready (someone else claimed it, or it was moved)."));
              }
              return CompletableFuture.completedFuture(won.map(c -> grant(ask, c)));
            });
  }

  // The projects a runner serves, as one statement's filter: sorted keys, or null for all.
  static List<String> served(List<String> projects) {
    if (projects == null || projects.isEmpty() || projects.contains("*")) {
      return null;
    }
    if (projects.size() > 100) {
      throw ProblemException.badRequest("A runner serves at most 100 projects, or '*'.");
    }
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    for (String key : projects) {
      keys.add(ProjectKeys.valid(key));
    }
    return List.copyOf(keys);
  }

  private ClaimGrant grant(ClaimStatement.Ask ask, ClaimStatement.Claimed c) {
    claimLatency.record(Duration.between(c.readyAt(), Instant.now()));
    moved.fire(
        IssueMoved.batched(c.issue().id(), Move.CLAIM, new Actor(ask.actor(), ActorKind.AGENT)));
    return new ClaimGrant(
        ask.runId().toString(),
        c.fencingToken(),
        c.attempt(),
        c.leaseExpires(),
        c.issue(),
        c.previous(),
        project(c.issue().project()));
  }

  // Where the work happens, from the in-memory copy of the projects (a claim costs no query).
  private WorkProject project(String key) {
    return directory
        .byKey(key)
        .map(
            p ->
                new WorkProject(
                    p.key(),
                    p.repository(),
                    p.baseBranch(),
                    p.pushTarget() == null ? null : Wire.of(p.pushTarget()),
                    p.pushFork()))
        .orElse(null);
  }

  private void write(List<Pending<ClaimStatement.Ask, Optional<ClaimStatement.Claimed>>> batch) {
    try {
      runs.claim(
          batch.stream().map(Pending::request).toList(),
          (i, won) -> batch.get(i).done().complete(won));
    } catch (SQLException e) {
      LOG.warnf("Claiming failed: %s", e.getMessage());
      // Only the asks not yet answered: a claim already committed keeps its grant.
      batch.forEach(p -> p.done().completeExceptionally(unavailable()));
    }
  }

  private static ProblemException unavailable() {
    return ProblemException.unavailable(
        "Claims cannot be made right now; try again in a few seconds.", 2);
  }

  /**
   * The run a claim started, checked against the caller: the identity that claimed it (so another
   * runner's token cannot report, heartbeat or release it, whatever {@code runner_id} it sends) and
   * its fencing token.
   */
  Run requireRunning(UUID runId, long fencingToken, Actor runner) {
    Run run = runs.lock(runId);
    requireClaimer(run, runner);
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

  /**
   * Extends the lease of a running claim and charges its live cost; empty when that cost took the
   * issue over its cap, and the run was stopped.
   */
  @Transactional
  public Optional<Instant> heartbeat(
      UUID runId, long fencingToken, Integer leaseSeconds, Double costUsd, Actor runner) {
    Run run = requireRunning(runId, fencingToken, runner);
    if (costUsd != null) {
      BigDecimal spent = budget.charge(run, costUsd);
      Issue issue = issues.require(run.issueId); // locked only to stop the run
      if (budget.over(issue, spent)) {
        budget.stop(run, issues.lock(run.issueId), spent);
        return Optional.empty();
      }
    }
    Instant now = Instant.now();
    run.heartbeatAt = now;
    run.leaseExpiresAt = now.plus(lease(leaseSeconds));
    return Optional.of(run.leaseExpiresAt);
  }

  /**
   * Refuses a run that does not exist or that another identity claimed, alike: a runner learns
   * nothing about claims that are not its own.
   */
  static void requireClaimer(Run run, Actor runner) {
    if (run == null || !runner.name().equals(run.claimedBy)) {
      throw ProblemException.notFound("No such claim.");
    }
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
}
