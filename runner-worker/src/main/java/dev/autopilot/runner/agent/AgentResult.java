package dev.autopilot.runner.agent;

import java.util.List;

/**
 * How an agent run ended, taken from the CLI's final {@code result} message (never from substring
 * matches on its output).
 *
 * @param started whether the agent process could be started at all
 * @param sawResult whether a result message arrived at all (none = crash or kill)
 * @param isError the result's {@code is_error}
 * @param subtype the result's {@code subtype}
 * @param text the final text
 * @param sessionId the agent session, for resuming
 * @param costUsd cost estimate
 * @param turns number of turns
 * @param tokens input + output tokens
 * @param durationMs wall-clock time
 * @param exitCode process exit code (-1 when killed)
 * @param stop why the runner stopped it, if it did
 * @param stderrTail the last lines of standard error
 * @param denials tools the permission system refused
 * @param apiErrorStatus the model API's HTTP status when the run ended on an API error, else null
 * @param meteredCostUsd the cost the sandbox's gateway metered from the model's own responses; null
 *     without the sandbox. Unlike {@code costUsd} (what the CLI printed, which anything in the
 *     sandbox can forge), this is the figure spend caps use.
 */
public record AgentResult(
    boolean started,
    boolean sawResult,
    boolean isError,
    String subtype,
    String text,
    String sessionId,
    Double costUsd,
    Integer turns,
    Long tokens,
    long durationMs,
    int exitCode,
    Stop stop,
    String stderrTail,
    List<String> denials,
    Integer apiErrorStatus,
    Double meteredCostUsd) {

  /** The cost to charge: the metered one when a gateway metered it, else the CLI's word. */
  public Double chargedCostUsd() {
    return meteredCostUsd != null ? meteredCostUsd : costUsd;
  }

  /** Why the runner ended the process early. */
  public enum Stop {
    NONE,
    TIMEOUT,
    CANCELLED
  }
}
