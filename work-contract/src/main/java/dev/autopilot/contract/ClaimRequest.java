package dev.autopilot.contract;

import java.util.List;

/**
 * {@code POST /api/autopilot/runner/claims}.
 *
 * @param runnerId the runner instance (for the board and the history), e.g. {@code host/slot-1}
 * @param issueId claim exactly this issue, or null for the most urgent, oldest ready one
 * @param leaseSeconds requested lease; the server bounds it and returns the real expiry
 * @param sandboxed whether the runner runs agents inside its OS sandbox; false only when an
 *     operator opted out ({@code AUTOPILOT_AGENT_SANDBOX=off}), and the board says so. Null (an
 *     older runner) is shown as unknown.
 * @param projects keys of the projects the runner serves; null or {@code ["*"]}: every project.
 *     Only their issues are claimed.
 */
public record ClaimRequest(
    String runnerId, Long issueId, Integer leaseSeconds, Boolean sandboxed, List<String> projects) {

  /** A claim from a sandboxed runner that serves every project. */
  public ClaimRequest(String runnerId, Long issueId, Integer leaseSeconds) {
    this(runnerId, issueId, leaseSeconds, Boolean.TRUE, null);
  }
}
