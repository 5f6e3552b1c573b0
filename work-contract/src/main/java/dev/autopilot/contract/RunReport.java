package dev.autopilot.contract;

/**
 * {@code POST …/claims/{claim}/result}: how the run ended. Sending it twice is harmless.
 *
 * @param fencingToken the claim's token
 * @param outcome how the run ended
 * @param branch branch committed to ({@code autopilot/issue-N})
 * @param commit commit id
 * @param prUrl pull request, if one was opened
 * @param summary the agent's summary
 * @param question the agent's question when blocked
 * @param diffStat {@code git diff --stat} of the change
 * @param patch the change as a unified diff (the server caps its size)
 * @param costUsd the run's cost: what the runner's gateway metered from the model's responses (the
 *     agent's own figure only when it ran without the sandbox)
 * @param turns agent turns
 * @param tokens input plus output tokens
 * @param durationMs wall-clock duration of the run
 * @param failureReason why it failed, when it did
 * @param failureDetail e.g. the tail of the agent's stderr
 * @param sessionId the agent session id, to resume later
 * @param reportedCostUsd what the agent CLI itself reported, kept to show when it differs
 */
public record RunReport(
    long fencingToken,
    Outcome outcome,
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
    FailureReason failureReason,
    String failureDetail,
    String sessionId,
    Double reportedCostUsd) {}
