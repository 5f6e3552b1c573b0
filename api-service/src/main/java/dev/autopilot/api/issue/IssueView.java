package dev.autopilot.api.issue;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autopilot.api.project.ProjectKeys;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Priority;
import java.time.Instant;
import java.util.List;

/** An issue as the API shows it. */
public record IssueView(
    long id,
    String ref,
    String project,
    long number,
    String title,
    String body,
    IssueStatus status,
    IssueKind kind,
    Priority priority,
    boolean humanOnly,
    String assignee,
    String createdBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) Reporter reporter,
    String claimedBy,
    String branch,
    String prUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) PrState prState,
    @JsonInclude(JsonInclude.Include.NON_NULL) String ciConclusion,
    String result,
    @JsonInclude(JsonInclude.Include.NON_NULL) java.math.BigDecimal lastRunCostUsd,
    @JsonInclude(JsonInclude.Include.NON_NULL) String blockedReason,
    int transientRetries,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant notBefore,
    Instant createdAt,
    Instant updatedAt,
    Instant statusChangedAt,
    long version,
    List<Move.Offer> allowedMoves) {

  /**
   * Who filed a feedback issue, as they described themselves: {@code verified} is always false
   * because the public ingress has no identity.
   */
  public record Reporter(
      String name, String email, String page, int duplicateCount, boolean verified) {}

  /**
   * The issue for a caller who may ({@code mayMove}: a reviewer) or may not move issues; the moves
   * it may make from here come along, so no client keeps a copy of the workflow.
   */
  public static IssueView of(Issue i, boolean mayMove) {
    Reporter reporter =
        i.kind == IssueKind.FEEDBACK
            ? new Reporter(i.reporterName, i.reporterEmail, i.reporterPage, i.duplicateCount, false)
            : null;
    return new IssueView(
        i.id,
        i.ref,
        ProjectKeys.keyOf(i.ref),
        i.number,
        i.title,
        i.body,
        i.status,
        i.kind,
        i.priority,
        i.humanOnly,
        i.assignee,
        i.createdBy,
        reporter,
        i.claimedBy,
        i.branch,
        i.prUrl,
        i.prState,
        i.ciConclusion,
        i.result,
        i.lastRunCostUsd,
        i.blockedReason,
        i.transientRetries,
        i.notBefore,
        i.createdAt,
        i.updatedAt,
        i.statusChangedAt,
        i.version,
        mayMove ? Move.offers(i.status, ActorKind.HUMAN, i.humanOnly) : List.of());
  }
}
