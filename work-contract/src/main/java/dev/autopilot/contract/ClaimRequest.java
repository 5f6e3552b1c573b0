package dev.autopilot.contract;

/**
 * {@code POST /api/autopilot/runner/claims}.
 *
 * @param runnerId the runner instance (for the board and the history), e.g. {@code host/slot-1}
 * @param issueId claim exactly this issue, or null for the most urgent, oldest ready one
 * @param leaseSeconds requested lease; the server bounds it and returns the real expiry
 * @param sandboxed whether the runner runs agents inside its OS sandbox; false only when an
 *     operator opted out ({@code AUTOPILOT_AGENT_SANDBOX=off}), and the board says so. Null (an
 *     older runner) is shown as unknown.
 */
public record ClaimRequest(String runnerId, Long issueId, Integer leaseSeconds, Boolean sandboxed) {

  /** A claim from a sandboxed runner. */
  public ClaimRequest(String runnerId, Long issueId, Integer leaseSeconds) {
    this(runnerId, issueId, leaseSeconds, Boolean.TRUE);
  }
}
