package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Wire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The code that changes an issue's status: checks the move against {@link Move}, stamps the issue
 * and appends to its history in the caller's transaction. Two batched statements write status in
 * SQL for speed, each naming its row of {@link Move} and firing the same {@link IssueMoved}: the
 * runners' claim ({@code ClaimStatement}, {@link Move#CLAIM}) and the feedback insert ({@code
 * FeedbackBatch}, created in backlog).
 */
@ApplicationScoped
public class Workflow {

  private final IssueRepository issues;
  private final Event<IssueMoved> moved;
  private final Event<InstructionsGiven> instructionsGiven;

  public Workflow(
      IssueRepository issues, Event<IssueMoved> moved, Event<InstructionsGiven> instructionsGiven) {
    this.moved = moved;
    this.issues = issues;
    this.instructionsGiven = instructionsGiven;
  }

  /** Records the status an issue was created in. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void created(Issue issue, Actor actor) {
    record(issue, null, actor, "created");
    moved.fire(new IssueMoved(issue.id, null, null, issue.status, actor, issue));
  }

  /**
   * Refuses a claim by someone who may not make one. The claim itself is one conditional UPDATE in
   * {@code ClaimService} (so that exactly one runner wins), which also records its history row;
   * {@code human_only} issues are excluded there and by a database constraint.
   */
  public static void requireClaimable(Actor actor) {
    if (Move.find(IssueStatus.READY, IssueStatus.IN_PROGRESS, actor.kind()).isEmpty()) {
      throw new ProblemException(403, "forbidden", "Forbidden", "Only runners claim issues.");
    }
  }

  /**
   * Moves {@code issue} to {@code to} on behalf of {@code actor}, or throws a 409 problem naming
   * the moves that are allowed from here.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Move move(Issue issue, IssueStatus to, Actor actor, String reason) {
    IssueStatus from = issue.status;
    Move move =
        Move.find(from, to, actor.kind())
            .orElseThrow(() -> illegal(issue, to, targets(issue, actor)));
    return move(issue, move, actor, reason);
  }

  /** Takes the named row of {@link Move}: for rows that share their from, to and actor kind. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Move move(Issue issue, Move move, Actor actor, String reason) {
    IssueStatus from = issue.status;
    IssueStatus to = move.to();
    if (move.from() != from || move.by() != actor.kind()) {
      throw illegal(issue, to, targets(issue, actor));
    }
    if (issue.humanOnly && move.toAgents()) {
      // Ready is the agents' queue: a human-only issue there would wait, unclaimed, for nobody.
      throw humanOnly(issue, to, targets(issue, actor));
    }
    Instant now = Instant.now();
    issue.status = to;
    issue.updatedAt = now;
    issue.statusChangedAt = now;
    record(issue, from, actor, reason);
    moved.fire(new IssueMoved(issue.id, move, from, to, actor, issue));
    return move;
  }

  /** A reviewer's move through the API, with optional optimistic-lock check and instructions. */
  @Transactional
  public Issue request(long id, IssueRequests.Move request, Actor actor) {
    Issue issue = issues.require(id);
    issues.checkVersion(issue, request.version());
    String instructions = UntrustedText.body("instructions", request.instructions());
    Move move = move(issue, request.status(), actor, UntrustedText.line(request.reason()));
    if (instructions != null && !instructions.isBlank()) {
      if (!move.takesInstructions()) {
        throw ProblemException.badRequest(
            "Instructions are only taken when handing an issue to the agents.");
      }
      instructionsGiven.fire(new InstructionsGiven(issue.id, actor, instructions));
    }
    issue.flush();
    return issue;
  }

  private static void record(Issue issue, IssueStatus from, Actor actor, String reason) {
    StatusChange change = new StatusChange();
    change.issueId = issue.id;
    change.fromStatus = from;
    change.toStatus = issue.status;
    change.actor = actor.name();
    change.actorKind = actor.kind();
    change.reason = reason;
    change.changedAt = issue.statusChangedAt;
    change.persist();
  }

  private static List<IssueStatus> targets(Issue issue, Actor actor) {
    return Move.targets(issue.status, actor.kind(), issue.humanOnly);
  }

  private static ProblemException humanOnly(
      Issue issue, IssueStatus to, List<IssueStatus> allowed) {
    return new ProblemException(
        409,
        "human-only",
        "Human-only issue",
        "Issue #"
            + issue.id
            + " is human-only: no agent ever takes it, so it cannot go to "
            + Wire.of(to)
            + ". Clear human_only first to hand it to the agents.",
        Map.of(
            "from", Wire.of(issue.status),
            "to", Wire.of(to),
            "allowed_moves", allowed.stream().map(Wire::of).toList()));
  }

  private static ProblemException illegal(Issue issue, IssueStatus to, List<IssueStatus> allowed) {
    String detail =
        "Issue #"
            + issue.id
            + " cannot move from "
            + Wire.of(issue.status)
            + " to "
            + Wire.of(to)
            + (allowed.isEmpty()
                ? "; you cannot move it from here."
                : "; allowed: " + String.join(", ", allowed.stream().map(Wire::of).toList()) + ".");
    return new ProblemException(
        409,
        "illegal-move",
        "Illegal status change",
        detail,
        Map.of(
            "from", Wire.of(issue.status),
            "to", Wire.of(to),
            "allowed_moves", allowed.stream().map(Wire::of).toList()));
  }
}
