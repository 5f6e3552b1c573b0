package dev.autopilot.api.issue;

import static dev.autopilot.api.issue.IssueStatus.BACKLOG;
import static dev.autopilot.api.issue.IssueStatus.BLOCKED;
import static dev.autopilot.api.issue.IssueStatus.DONE;
import static dev.autopilot.api.issue.IssueStatus.IN_PROGRESS;
import static dev.autopilot.api.issue.IssueStatus.IN_REVIEW;
import static dev.autopilot.api.issue.IssueStatus.READY;

import dev.autopilot.api.security.ActorKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every legal status change and who may make it: humans (role reviewer), agents (the runner
 * claiming and reporting) or the system (lease expiry). Anything not listed is refused.
 */
public enum Move {
  HAND_OFF(BACKLOG, READY, ActorKind.HUMAN),
  UNQUEUE(READY, BACKLOG, ActorKind.HUMAN),
  CLAIM(READY, IN_PROGRESS, ActorKind.AGENT),
  SUBMIT(IN_PROGRESS, IN_REVIEW, ActorKind.AGENT),
  ASK(IN_PROGRESS, BLOCKED, ActorKind.AGENT),
  LEASE_EXPIRED(IN_PROGRESS, READY, ActorKind.SYSTEM),
  ATTEMPTS_EXHAUSTED(IN_PROGRESS, BLOCKED, ActorKind.SYSTEM),
  CANCEL(IN_PROGRESS, BACKLOG, ActorKind.HUMAN),
  CANCEL_AND_BLOCK(IN_PROGRESS, BLOCKED, ActorKind.HUMAN),
  UNBLOCK(BLOCKED, READY, ActorKind.HUMAN),
  PARK_BLOCKED(BLOCKED, BACKLOG, ActorKind.HUMAN),
  ACCEPT(IN_REVIEW, DONE, ActorKind.HUMAN),
  RERUN(IN_REVIEW, READY, ActorKind.HUMAN),
  PARK_REVIEW(IN_REVIEW, BACKLOG, ActorKind.HUMAN),
  REOPEN(DONE, BACKLOG, ActorKind.HUMAN);

  private final IssueStatus from;
  private final IssueStatus to;
  private final ActorKind by;

  Move(IssueStatus from, IssueStatus to, ActorKind by) {
    this.from = from;
    this.to = to;
    this.by = by;
  }

  public IssueStatus from() {
    return from;
  }

  public IssueStatus to() {
    return to;
  }

  public ActorKind by() {
    return by;
  }

  /** The move from {@code from} to {@code to} that {@code by} may make, if any. */
  public static Optional<Move> find(IssueStatus from, IssueStatus to, ActorKind by) {
    return Arrays.stream(values())
        .filter(m -> m.from == from && m.to == to && m.by == by)
        .findFirst();
  }

  /** The statuses {@code by} may move an issue to from {@code from}. */
  public static List<IssueStatus> targets(IssueStatus from, ActorKind by) {
    return Arrays.stream(values()).filter(m -> m.from == from && m.by == by).map(Move::to).toList();
  }
}
