package dev.autopilot.contract;

/**
 * What the last run of an issue left behind, so a re-run can continue from it.
 *
 * @param outcome how it ended
 * @param branch branch it committed to, if any
 * @param commit last commit, if any
 * @param sessionId the agent session, for {@code --resume}
 */
public record PreviousRun(Outcome outcome, String branch, String commit, String sessionId) {}
