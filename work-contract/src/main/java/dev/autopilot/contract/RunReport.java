package dev.autopilot.contract;

/**
 * {@code POST …/claims/{claim}/result}: how the run ended. Sending it twice is harmless.
 *
 * @param fencingToken the claim's token
 * @param outcome one of {@link #IMPLEMENTED}, {@link #BLOCKED}, {@link #NO_CHANGES}, {@link
 *     #FAILED}
 * @param branch branch committed to ({@code autopilot/issue-N})
 * @param commit commit id
 * @param prUrl pull request, if one was opened
 * @param summary the agent's summary
 * @param question the agent's question when blocked
 * @param diffStat {@code git diff --stat} of the change
 * @param patch the change as a unified diff (the server caps its size)
 * @param costUsd the agent's cost estimate
 * @param turns agent turns
 * @param tokens input plus output tokens
 * @param durationMs wall-clock duration of the run
 * @param failureReason {@code auth|budget|turns|timeout|cancelled|crash|git|lease_expired}
 * @param failureDetail e.g. the tail of the agent's stderr
 * @param sessionId the agent session id, to resume later
 */
public record RunReport(
    long fencingToken,
    String outcome,
    String branch,
    String commit,
    String prUrl,
    String summary,
    String question,
    String diffStat,
    String patch,
    Double costUsd,
    Integer turns,
    Long tokens,
    Long durationMs,
    String failureReason,
    String failureDetail,
    String sessionId) {

  public static final String IMPLEMENTED = "implemented";
  public static final String BLOCKED = "blocked";
  public static final String NO_CHANGES = "no_changes";
  public static final String FAILED = "failed";
}
