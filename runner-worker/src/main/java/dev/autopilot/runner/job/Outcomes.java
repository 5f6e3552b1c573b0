package dev.autopilot.runner.job;

import dev.autopilot.runner.agent.AgentResult;

/** Turns an agent result into a failure reason the board can show. */
final class Outcomes {

  private Outcomes() {}

  /**
   * {@code setup|auth|budget|turns|timeout|cancelled|crash}, from the result message's fields
   * ({@code setup}: the agent command could not be started at all).
   */
  static String failureReason(AgentResult r) {
    if (!r.started()) {
      return "setup";
    }
    if (r.stop() == AgentResult.Stop.TIMEOUT) {
      return "timeout";
    }
    if (r.stop() == AgentResult.Stop.CANCELLED) {
      return "cancelled";
    }
    if (!r.sawResult()) {
      return "crash";
    }
    if ("error_max_turns".equals(r.subtype())) {
      return "turns";
    }
    if ("error_max_budget_usd".equals(r.subtype())) {
      return "budget";
    }
    if ("error_auth".equals(r.subtype())) {
      return "auth";
    }
    String text = r.text() == null ? "" : r.text();
    // Auth failures arrive as subtype "success" with is_error and the CLI's login hint.
    if (text.contains("/login") || text.toLowerCase().contains("invalid api key")) {
      return "auth";
    }
    return "crash";
  }

  /** The question of a {@code BLOCKED: …} answer, or null. */
  static String blockedQuestion(AgentResult r) {
    if (!r.sawResult() || r.isError() || r.text() == null) {
      return null;
    }
    String text = r.text().strip();
    for (String line : text.lines().toList()) {
      if (line.strip().startsWith("BLOCKED:")) {
        String q = line.strip().substring("BLOCKED:".length()).strip();
        return q.isEmpty() ? "The agent needs a decision." : q;
      }
    }
    return null;
  }
}
