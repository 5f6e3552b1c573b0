package dev.autopilot.api.comment;

import dev.autopilot.api.issue.InstructionsGiven;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.live.BoardEvent;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.List;

/** An issue's thread. A human reply to a blocked issue is the answer: it goes back to ready. */
@ApplicationScoped
public class CommentService {

  private final IssueRepository issues;
  private final Workflow workflow;
  private final Event<BoardEvent> board;

  public CommentService(IssueRepository issues, Workflow workflow, Event<BoardEvent> board) {
    this.workflow = workflow;
    this.issues = issues;
    this.board = board;
  }

  /** A reviewer's text given with a move goes to the thread, in the move's transaction. */
  void instructions(@Observes InstructionsGiven given) {
    Comment.post(given.issueId(), given.actor(), given.text());
  }

  /** The thread, oldest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Comment> thread(long issueId) {
    issues.require(issueId);
    return Comment.of(issueId);
  }

  /** Adds a comment; on a blocked issue a human comment unblocks it. */
  @Transactional
  public Comment add(long issueId, String body, Actor actor) {
    Issue issue = issues.require(issueId);
    String text = UntrustedText.body("body", body);
    if (text == null || text.isBlank()) {
      throw ProblemException.badRequest("Field 'body' must not be blank.");
    }
    Comment comment = Comment.post(issueId, actor, text);
    // A human-only issue stays blocked: ready would hand it to agents that never take it.
    if (issue.status == IssueStatus.BLOCKED
        && actor.kind() == ActorKind.HUMAN
        && !issue.humanOnly) {
      workflow.move(issue, IssueStatus.READY, actor, "answered in a comment");
    }
    issue.flush();
    board.fire(BoardEvent.of(BoardEvent.Type.COMMENT, issueId));
    return comment;
  }
}
