package dev.autopilot.contract;

/**
 * {@code POST /api/autopilot/runner/claims}.
 *
 * @param runnerId the runner instance (for the board and the history), e.g. {@code host/slot-1}
 * @param issueId claim exactly this issue, or null for the most urgent, oldest ready one
 * @param leaseSeconds requested lease; the server bounds it and returns the real expiry
 */
public record ClaimRequest(String runnerId, Long issueId, Integer leaseSeconds) {}
