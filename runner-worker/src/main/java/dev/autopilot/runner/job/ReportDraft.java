package dev.autopilot.runner.job;

import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.Outcome;
import dev.autopilot.contract.RunReport;
import dev.autopilot.runner.agent.AgentResult;
import dev.autopilot.runner.git.Changes;
import java.util.List;

/**
 * What the runner decided about a run; the claim's fencing token and the agent's figures are added
 * when it is sent.
 */
record ReportDraft(
    Outcome outcome,
    String branch,
    Changes.Committed commit,
    String prUrl,
    String summary,
    String question,
    FailureReason failureReason,
    String failureDetail) {

  private static final int DETAIL_CHARS = 4000;

  static ReportDraft failed(FailureReason reason, String detail) {
    return new ReportDraft(Outcome.FAILED, null, null, null, null, null, reason, tail(detail));
  }

  static ReportDraft blocked(String summary, String question) {
    return new ReportDraft(Outcome.BLOCKED, null, null, null, summary, question, null, null);
  }

  static ReportDraft noChanges(String branch, String summary) {
    return new ReportDraft(Outcome.NO_CHANGES, branch, null, null, summary, null, null, null);
  }

  static ReportDraft implemented(
      String branch, Changes.Committed commit, String prUrl, String summary) {
    return new ReportDraft(Outcome.IMPLEMENTED, branch, commit, prUrl, summary, null, null, null);
  }

  /** The same draft with the checkpoint commit of an interrupted run, if there is one. */
  ReportDraft withCheckpoint(String checkpointBranch, Changes.Committed checkpoint) {
    return checkpoint == null
        ? this
        : new ReportDraft(
            outcome,
            checkpointBranch,
            checkpoint,
            prUrl,
            summary,
            question,
            failureReason,
            failureDetail);
  }

  /** The report for a claim; {@code agent} may be null when the agent never ran. */
  RunReport toReport(long fencingToken, AgentResult agent) {
    return new RunReport(
        fencingToken,
        outcome,
        branch,
        commit == null ? null : commit.commit(),
        prUrl,
        summary,
        question,
        commit == null ? null : commit.diffStat(),
        commit == null ? null : commit.patch(),
        agent == null ? null : agent.chargedCostUsd(),
        agent == null ? null : agent.turns(),
        agent == null ? null : agent.tokens(),
        agent == null ? null : agent.durationMs(),
        failureReason,
        failureDetail,
        agent == null ? null : agent.sessionId(),
        agent == null ? null : agent.costUsd());
  }

  private static String tail(String s) {
    if (s == null) {
      return null;
    }
    return s.length() > DETAIL_CHARS ? "…" + s.substring(s.length() - DETAIL_CHARS) : s;
  }

  /** The agent changed files the runner never commits, or made links out of the worktree. */
  static ReportDraft protectedFiles(List<String> touched) {
    return failed(
        FailureReason.PROTECTED,
        "The agent changed files the runner never commits or pushes: "
            + String.join(", ", touched)
            + ". CI and automation files run with the repository's secrets once pushed, and a"
            + " link out of the worktree would publish what it points at, so a human has to make"
            + " this change (AUTOPILOT_GIT_PROTECTED_PATHS lists the protected files).");
  }

  /** The agent made git repositories inside the worktree. */
  static ReportDraft nestedRepositories(List<String> nested) {
    return failed(
        FailureReason.PROTECTED,
        "The agent made git repositories inside the worktree ("
            + String.join(", ", nested)
            + "); the runner never reads or commits them.");
  }

  /** The agent filled its slot disk: the run's disk budget. */
  static ReportDraft diskFull(int budgetMib) {
    return failed(
        FailureReason.TOO_LARGE,
        "The agent filled its disk budget of "
            + budgetMib
            + " MiB (worktree, home and /tmp; AUTOPILOT_AGENT_DISK_MIB), so its writes failed;"
            + " its work was discarded.");
  }

  /** The agent wrote files the runner will not commit for their size. */
  static ReportDraft tooLarge(List<String> big, int maxMib) {
    return failed(
        FailureReason.TOO_LARGE,
        "The agent wrote files of "
            + maxMib
            + " MiB or more, which the runner does not commit: "
            + String.join(", ", big)
            + " (AUTOPILOT_AGENT_MAX_FILE_MIB).");
  }
}
