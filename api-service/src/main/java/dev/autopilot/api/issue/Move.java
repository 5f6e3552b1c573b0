package dev.autopilot.api.issue;

import static dev.autopilot.contract.IssueStatus.BACKLOG;
import static dev.autopilot.contract.IssueStatus.BLOCKED;
import static dev.autopilot.contract.IssueStatus.DONE;
import static dev.autopilot.contract.IssueStatus.IN_PROGRESS;
import static dev.autopilot.contract.IssueStatus.IN_REVIEW;
import static dev.autopilot.contract.IssueStatus.READY;

import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every legal status change and who may make it: humans (role reviewer), agents (the runner
 * claiming and reporting) or the system (lease expiry). Anything not listed is refused.
 */
public enum Move {
  HAND_OFF(
      BACKLOG,
      READY,
      ActorKind.HUMAN,
      "Hand to agents",
      true,
      "Instructions for the agents (optional)"),
  UNQUEUE(READY, BACKLOG, ActorKind.HUMAN, "Back to backlog"),
  CLAIM(READY, IN_PROGRESS, ActorKind.AGENT, "Claim"),
  SUBMIT(IN_PROGRESS, IN_REVIEW, ActorKind.AGENT, "Submit for review"),
  ASK(IN_PROGRESS, BLOCKED, ActorKind.AGENT, "Ask a question"),
  LEASE_EXPIRED(IN_PROGRESS, READY, ActorKind.SYSTEM, "Lease expired"),
  ATTEMPTS_EXHAUSTED(IN_PROGRESS, BLOCKED, ActorKind.SYSTEM, "Attempts exhausted"),
  CANCEL(IN_PROGRESS, BACKLOG, ActorKind.HUMAN, "Cancel run"),
  CANCEL_AND_BLOCK(IN_PROGRESS, BLOCKED, ActorKind.HUMAN, "Cancel and block"),
  UNBLOCK(
      BLOCKED,
      READY,
      ActorKind.HUMAN,
      "Answer",
      true,
      "Answer the question: your reply sends it back to the agents"),
  PARK_BLOCKED(BLOCKED, BACKLOG, ActorKind.HUMAN, "Back to backlog"),
  ACCEPT(IN_REVIEW, DONE, ActorKind.HUMAN, "Accept", true, null),
  RERUN(
      IN_REVIEW, READY, ActorKind.HUMAN, "Re-run", false, "Instructions for the re-run (optional)"),
  PARK_REVIEW(IN_REVIEW, BACKLOG, ActorKind.HUMAN, "Back to backlog"),
  REOPEN(DONE, BACKLOG, ActorKind.HUMAN, "Reopen"),
  /** An incident came back in a new release while its fix was in review. */
  REGRESSED_IN_REVIEW(IN_REVIEW, BACKLOG, ActorKind.SYSTEM, "Regression"),
  /** An incident came back in a new release after its fix was accepted. */
  REGRESSED_DONE(DONE, BACKLOG, ActorKind.SYSTEM, "Regression"),
  /** CI failed on the agent's pull request: the agents fix it on the same branch. */
  CI_FAILED(IN_REVIEW, READY, ActorKind.SYSTEM, "CI failed"),
  /** Review and CI re-runs reached their cap: a person takes over. */
  FIX_CYCLES_EXHAUSTED(IN_REVIEW, BLOCKED, ActorKind.SYSTEM, "Needs a human"),
  /** The model API was overloaded or unreachable: tried again by itself after a backoff. */
  TRANSIENT_RETRY(IN_PROGRESS, READY, ActorKind.SYSTEM, "Retry after a transient failure"),
  /** Its spend reached its cap as it was queued: a person decides whether to spend more. */
  OVER_BUDGET(READY, BLOCKED, ActorKind.SYSTEM, "Over budget"),
  /** Its spend passed its cap while a run was going: the run is stopped. */
  STOPPED_OVER_BUDGET(IN_PROGRESS, BLOCKED, ActorKind.SYSTEM, "Stopped: over budget"),
  /** An incident project hands a group reaching its event threshold to the agents. */
  INCIDENT_HAND_OFF(BACKLOG, READY, ActorKind.SYSTEM, "Hand to agents (incident threshold)");

  private final IssueStatus from;
  private final IssueStatus to;
  private final ActorKind by;
  private final String label;
  private final boolean primary;
  private final String instructions;

  Move(IssueStatus from, IssueStatus to, ActorKind by, String label) {
    this(from, to, by, label, false, null);
  }

  /**
   * @param label what the board's button says
   * @param primary the move the board offers first
   * @param instructions the prompt for text that goes with the move (a comment the agents read), or
   *     null when the move takes none
   */
  Move(
      IssueStatus from,
      IssueStatus to,
      ActorKind by,
      String label,
      boolean primary,
      String instructions) {
    this.from = from;
    this.to = to;
    this.by = by;
    this.label = label;
    this.primary = primary;
    this.instructions = instructions;
  }

  /** A move as the API offers it to a caller; the board draws its buttons from these alone. */
  public record Offer(String move, IssueStatus to, String label, boolean primary, String prompt) {}

  /** Whether the move carries instructions for the agents. */
  public boolean takesInstructions() {
    return instructions != null;
  }

  /** The moves a caller of {@code kind} may make from {@code from}, as the board shows them. */
  public static List<Offer> offers(IssueStatus from, ActorKind kind) {
    return offers(from, kind, false);
  }

  /**
   * The moves a caller of {@code kind} may make on an issue in {@code from}: none to {@code ready}
   * or {@code in_progress} for a {@code human_only} issue, since no agent ever claims it and it
   * would wait in ready for nobody.
   */
  public static List<Offer> offers(IssueStatus from, ActorKind kind, boolean humanOnly) {
    return Arrays.stream(values())
        .filter(m -> m.from == from && m.by == kind && !(humanOnly && m.toAgents()))
        .map(m -> new Offer(m.name().toLowerCase(), m.to, m.label, m.primary, m.instructions))
        .toList();
  }

  /** Whether the move hands the issue to the agents (ready is their queue, in progress a run). */
  public boolean toAgents() {
    return to == READY || to == IN_PROGRESS;
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
    return targets(from, by, false);
  }

  /** The statuses {@code by} may move an issue to from {@code from}, as {@link #offers}. */
  public static List<IssueStatus> targets(IssueStatus from, ActorKind by, boolean humanOnly) {
    return Arrays.stream(values())
        .filter(m -> m.from == from && m.by == by && !(humanOnly && m.toAgents()))
        .map(Move::to)
        .toList();
  }
}
