package dev.autopilot.api.run;

import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A run as the board shows it; {@code patch} only in the single-run view. {@code sandboxed} false
 * means the operator ran the agent without its OS sandbox, null that the runner did not say.
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
    BigDecimal costUsd,
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
        r.costUsd,
        r.turns,
        r.tokens,
        r.durationMs,
        r.failureReason,
        r.failureDetail,
        r.eventCount,
        r.eventsDropped);
  }
}
