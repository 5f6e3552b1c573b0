package dev.autopilot.api.run;

import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run as the board shows it; {@code patch} only in the single-run view. {@code sandboxed} false
 * means the operator ran the agent without its OS sandbox, null that the runner did not say. {@code
 * reportedCostUsd} is the agent CLI's own figure when it differs from {@code costUsd}, the one the
 * runner metered from the model's responses. {@code suspiciousNames} are the diff's file names that
 * hold invisible, bidi or control characters, shown written out ({@link DiffNames}): the board
 * warns of them.
 */
public record RunView(
    UUID id,
    long issueId,
    int attempt,
    String runnerId,
    Boolean sandboxed,
    RunState state,
    Outcome outcome,
    Instant claimedAt,
    Instant leaseExpiresAt,
    Instant finishedAt,
    String branch,
    String commit,
    String prUrl,
    String summary,
    String question,
    String diffStat,
    String patch,
    boolean patchTruncated,
    List<String> suspiciousNames,
    BigDecimal costUsd,
    BigDecimal reportedCostUsd,
    Integer turns,
    Long tokens,
    Long durationMs,
    FailureReason failureReason,
    String failureDetail,
    int eventCount,
    int eventsDropped) {

  public static RunView of(Run r, boolean withPatch) {
    return new RunView(
        r.id,
        r.issueId,
        r.attempt,
        r.runnerId,
        r.sandboxed,
        r.state,
        r.outcome,
        r.claimedAt,
        r.leaseExpiresAt,
        r.finishedAt,
        r.branch,
        r.commitSha,
        r.prUrl,
        r.summary,
        r.question,
        r.diffStat,
        withPatch ? r.patch : null,
        r.patchTruncated,
        DiffNames.suspicious(r.diffStat, withPatch ? r.patch : null),
        r.costUsd,
        r.reportedCostUsd,
        r.turns,
        r.tokens,
        r.durationMs,
        r.failureReason,
        r.failureDetail,
        r.eventCount,
        r.eventsDropped);
  }
}
