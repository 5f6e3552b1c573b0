package dev.autopilot.api.claim;

import dev.autopilot.api.comment.Comment;
import dev.autopilot.api.dispatch.DispatchConfig;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.run.Run;
import dev.autopilot.api.run.RunRepository;
import dev.autopilot.api.run.RunState;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.IssueStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Recovers work from runners that died: a run whose lease expired ends as {@code EXPIRED} and its
 * issue goes back to ready (and is republished), or to blocked after too many attempts. Safe on
 * several api-service instances: rows are taken with {@code SKIP LOCKED}.
 */
@ApplicationScoped
public class LeaseReaper {

  private static final Logger LOG = Logger.getLogger(LeaseReaper.class);

  private final IssueRepository issues;
  private final RunRepository runs;
  private final Workflow workflow;
  private final DispatchConfig config;

  public LeaseReaper(
      IssueRepository issues, RunRepository runs, Workflow workflow, DispatchConfig config) {
    this.issues = issues;
    this.runs = runs;
    this.workflow = workflow;
    this.config = config;
  }

  @Scheduled(
      every = "${autopilot.dispatch.reaper-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    int reaped = reap();
    if (reaped > 0) {
      LOG.infof("Returned %d issue(s) whose runner stopped heart-beating", reaped);
    }
  }

  /** Ends expired runs; returns how many. */
  @Transactional
  public int reap() {
    List<UUID> expired = runs.expiredLeases(100);
    for (UUID id : expired) {
      Run run = runs.findById(id);
      run.abandon(RunState.Event.LEASE_EXPIRED, FailureReason.LEASE_EXPIRED);
      Issue issue = issues.lock(run.issueId);
      if (issue.status != IssueStatus.IN_PROGRESS || !id.equals(issue.currentRunId)) {
        continue;
      }
      issue.currentRunId = null;
      issue.claimedBy = null;
      boolean exhausted = issue.attempt >= config.maxAttempts();
      Comment.post(
          issue.id,
          Actor.SYSTEM,
          "Runner "
              + run.runnerId
              + " stopped heart-beating (attempt "
              + run.attempt
              + "). "
              + (exhausted
                  ? "That was attempt "
                      + issue.attempt
                      + " of "
                      + config.maxAttempts()
                      + "; a human should look before it runs again."
                  : "The issue is back in the queue."));
      workflow.move(
          issue,
          exhausted ? IssueStatus.BLOCKED : IssueStatus.READY,
          Actor.SYSTEM,
          exhausted ? "lease expired; attempts exhausted" : "lease expired");
    }
    return expired.size();
  }
}
