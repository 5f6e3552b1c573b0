package dev.autopilot.runner.job;

import dev.autopilot.contract.FailureReason;
import dev.autopilot.runner.agent.AgentResult;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns an agent result into a failure reason the board can show. */
final class Outcomes {

  private Outcomes() {}

  /** Why a run failed, from the result message's fields. */
  static FailureReason failureReason(AgentResult r) {
    if (!r.started()) {
      return FailureReason.SETUP;
    }
    if (r.stop() == AgentResult.Stop.TIMEOUT) {
      return FailureReason.TIMEOUT;
    }
    if (r.stop() == AgentResult.Stop.CANCELLED) {
      return FailureReason.CANCELLED;
    }
    if (!r.sawResult()) {
      return FailureReason.CRASH;
    }
    if ("error_max_turns".equals(r.subtype())) {
      return FailureReason.TURNS;
    }
    if ("error_max_budget_usd".equals(r.subtype())) {
      return FailureReason.BUDGET;
    }
    if ("error_auth".equals(r.subtype())) {
      return FailureReason.AUTH;
    }
    String text = r.text() == null ? "" : r.text();
    // Auth failures arrive as subtype "success" with is_error and the CLI's login hint.
    if (text.contains("/login") || text.toLowerCase().contains("invalid api key")) {
      return FailureReason.AUTH;
    }
    if (isTransient(r, text)) {
      return FailureReason.TRANSIENT;
    }
    return FailureReason.CRASH;
  }

  // Statuses the model API answers when it is overloaded, rate-limiting or briefly down: the CLI
  // has retried already, so the issue waits and is tried again later instead of going to a human.
  private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504, 529);
  private static final Pattern TRANSIENT_TEXT =
      Pattern.compile(
          "overloaded|rate.?limit|too many requests|connection error|connection reset"
              + "|econnreset|econnrefused|etimedout|socket hang up|network error|fetch failed",
          Pattern.CASE_INSENSITIVE);

  private static boolean isTransient(AgentResult r, String text) {
    if (r.apiErrorStatus() != null) {
      return TRANSIENT_STATUSES.contains(r.apiErrorStatus());
    }
    return r.isError() && TRANSIENT_TEXT.matcher(text).find();
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
