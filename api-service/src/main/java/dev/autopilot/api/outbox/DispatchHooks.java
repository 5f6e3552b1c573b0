package dev.autopilot.api.outbox;

import dev.autopilot.api.issue.IssueMoved;
import dev.autopilot.api.issue.Move;
import dev.autopilot.api.project.ProjectKeys;
import dev.autopilot.api.run.Run;
import dev.autopilot.api.run.RunRepository;
import dev.autopilot.api.run.RunState;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.IssueStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

/**
 * Reacts to status changes inside their transaction: an issue that becomes ready gets an outbox row
 * (published once the transaction commits); an issue taken out of {@code in_progress} by a human
 * cancels its run, which the runner learns at its next heartbeat.
 */
@ApplicationScoped
public class DispatchHooks {

  private final OutboxRepository outbox;
  private final RunRepository runs;
  private final Event<Queued> queued;

  public DispatchHooks(OutboxRepository outbox, RunRepository runs, Event<Queued> queued) {
    this.outbox = outbox;
    this.runs = runs;
    this.queued = queued;
  }

  /** An outbox row was written; observed once its transaction committed. */
  public record Queued(long issueId) {}

  void onMove(@Observes IssueMoved event) {
    var issue = event.issue();
    if (issue == null) {
      return; // a batched claim or feedback insert: no hand-off, no run to cancel
    }
    if (event.to() == IssueStatus.READY) {
      if (event.move() != Move.TRANSIENT_RETRY) {
        issue.notBefore = null; // a person (or a rule) queued it: no backoff
      }
      if (event.actor().kind() == ActorKind.HUMAN) {
        issue.transientRetries = 0;
      }
      outbox.enqueue(
          issue.id,
          issue.ref == null ? null : ProjectKeys.keyOf(issue.ref),
          issue.attempt,
          issue.priority,
          issue.statusChangedAt,
          issue.notBefore);
      queued.fire(new Queued(issue.id));
    }
    if (event.from() == IssueStatus.IN_PROGRESS
        && event.actor().kind() == ActorKind.HUMAN
        && issue.currentRunId != null) {
      Run run = runs.findById(issue.currentRunId);
      if (run != null && run.state == RunState.RUNNING) {
        run.abandon(RunState.Event.CANCELLED, FailureReason.CANCELLED);
      }
      issue.currentRunId = null;
      issue.claimedBy = null;
    }
  }
}
