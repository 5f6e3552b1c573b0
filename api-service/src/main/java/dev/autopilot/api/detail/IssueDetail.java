package dev.autopilot.api.detail;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.autopilot.api.attachment.Attachment;
import dev.autopilot.api.attachment.AttachmentView;
import dev.autopilot.api.budget.Budget;
import dev.autopilot.api.comment.Comment;
import dev.autopilot.api.comment.CommentView;
import dev.autopilot.api.incident.IncidentViews;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueView;
import dev.autopilot.api.issue.StatusChange;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /issues/{id}}: the issue's fields plus its thread, attachments, history and, for an
 * incident's issue, the live group (count, first and last seen). It sits above the issue, comment,
 * attachment and incident packages, which never depend on it.
 */
public record IssueDetail(
    @JsonUnwrapped IssueView issue,
    List<CommentView> comments,
    List<AttachmentView> attachments,
    List<HistoryEntry> history,
    IncidentViews.GroupView incident,
    Budget.IssueSpend spend) {

  /** One status change. */
  public record HistoryEntry(
      IssueStatus from,
      IssueStatus to,
      String actor,
      ActorKind actorKind,
      String reason,
      Instant at) {}

  static IssueDetail of(
      Issue issue, boolean mayMove, IncidentViews.GroupView incident, Budget.IssueSpend spend) {
    return new IssueDetail(
        IssueView.of(issue, mayMove),
        Comment.of(issue.id).stream().map(CommentView::of).toList(),
        Attachment.of(issue.id).stream().map(AttachmentView::of).toList(),
        StatusChange.of(issue.id).stream()
            .map(
                c ->
                    new HistoryEntry(
                        c.fromStatus, c.toStatus, c.actor, c.actorKind, c.reason, c.changedAt))
            .toList(),
        incident,
        spend);
  }
}
