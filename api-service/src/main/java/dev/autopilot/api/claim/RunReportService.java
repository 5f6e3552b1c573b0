package dev.autopilot.api.claim;

import dev.autopilot.api.budget.Budget;
import dev.autopilot.api.comment.Comment;
import dev.autopilot.api.dispatch.DispatchConfig;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.Move;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.live.BoardEvent;
import dev.autopilot.api.problem.EnumParam;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.run.Run;
import dev.autopilot.api.run.RunEvent;
import dev.autopilot.api.run.RunRepository;
import dev.autopilot.api.run.RunState;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.HiddenText;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Outcome;
import dev.autopilot.contract.ProgressBatch;
import dev.autopilot.contract.Release;
import dev.autopilot.contract.RunReport;
import dev.autopilot.contract.Wire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What a runner tells us while and after it works: progress lines and the final report. */
@ApplicationScoped
public class RunReportService {

  private static final int MAX_BATCH = 500;
  private static final int MAX_EVENT_CHARS = 8192;
  // Report fields are kept, cut to these: the summary becomes a comment (and part of every later
  // prompt), so it stays well inside a comment's 64 KiB.
  private static final int MAX_SUMMARY_BYTES = 16 * 1024;
  private static final int MAX_QUESTION_BYTES = 8 * 1024;
  private static final int MAX_STAT_BYTES = 64 * 1024;
  private static final int MAX_DETAIL_BYTES = 16 * 1024;

  private final IssueRepository issues;
  private final RunRepository runs;
  private final ClaimService claims;
  private final Workflow workflow;
  private final DispatchConfig config;
  private final Event<BoardEvent> board;
  private final Budget budget;

  public RunReportService(
      IssueRepository issues,
      RunRepository runs,
      ClaimService claims,
      Workflow workflow,
      DispatchConfig config,
      Event<BoardEvent> board,
      Budget budget) {
    this.issues = issues;
    this.budget = budget;
    this.runs = runs;
    this.board = board;
    this.claims = claims;
    this.workflow = workflow;
    this.config = config;
  }

  /** Appends progress lines; returns how many were kept (the per-run cap drops the rest). */
  @Transactional
  public int progress(UUID runId, ProgressBatch batch, Actor runner) {
    if (batch.events() == null || batch.events().size() > MAX_BATCH) {
      throw ProblemException.badRequest("Send 0 to " + MAX_BATCH + " events per batch.");
    }
    if (batch.firstSeq() != null && batch.firstSeq() < 0
        || batch.dropped() != null && batch.dropped() < 0) {
      throw ProblemException.badRequest("first_seq and dropped are never negative.");
    }
    // Locked: one batch at a time.
    Run run = claims.requireRunning(runId, batch.fencingToken(), runner);
    if (batch.dropped() != null && batch.dropped() > run.eventsDropped) {
      run.eventsDropped = (int) Math.min(batch.dropped(), Integer.MAX_VALUE);
    }
    // The runner numbers its lines: a number already stored is a resend after an outage.
    long seq = batch.firstSeq() == null ? run.eventCount : batch.firstSeq();
    int kept = 0;
    for (ProgressBatch.Event e : batch.events()) {
      if (seq >= config.maxEventsPerRun()) {
        break;
      }
      if (seq++ < run.eventCount) {
        continue;
      }
      RunEvent event = new RunEvent();
      event.key = new RunEvent.Key(runId, (int) seq - 1);
      event.at = e.at() == null ? Instant.now() : e.at();
      event.kind = kind(e.kind());
      event.text = truncate(UntrustedText.clean(Objects.requireNonNullElse(e.text(), "")));
      event.persist();
      run.eventCount = (int) seq;
      kept++;
    }
    if (kept > 0) {
      board.fire(BoardEvent.of(BoardEvent.Type.PROGRESS, run.issueId));
    }
    return kept;
  }

  /**
   * Ends the run and moves the issue. Idempotent for the same claim; refused (changing nothing)
   * when the claim is stale: its lease expired, it was cancelled, or another claim superseded it.
   */
  @Transactional
  public Run report(UUID runId, RunReport report, Actor runner) {
    Outcome outcome = report.outcome();
    if (outcome == null) {
      throw EnumParam.notOneOf(Outcome.class, "outcome");
    }
    Run existing = runs.lock(runId);
    ClaimService.requireClaimer(existing, runner);
    if (existing.state == RunState.FINISHED && existing.fencingToken == report.fencingToken()) {
      if (existing.outcome != outcome) {
        throw ClaimService.stale("This claim was already reported as " + Wire.of(existing.outcome));
      }
      return existing;
    }
    Run run = claims.requireRunning(runId, report.fencingToken(), runner);
    Issue issue = issues.lock(run.issueId);
    if (issue.status != IssueStatus.IN_PROGRESS || !runId.equals(issue.currentRunId)) {
      throw ClaimService.stale("Issue #" + issue.id + " is no longer held by this claim.");
    }
    record(run, outcome, report);
    issue.currentRunId = null;
    issue.lastRunCostUsd = run.costUsd;
    if (outcome != Outcome.FAILED) {
      issue.transientRetries = 0;
    }
    switch (outcome) {
      case IMPLEMENTED, NO_CHANGES -> {
        issue.branch = run.branch != null ? run.branch : issue.branch;
        issue.prUrl = run.prUrl != null ? run.prUrl : issue.prUrl;
        issue.result = run.summary;
        post(issue, runner, summaryComment(run));
        workflow.move(issue, IssueStatus.IN_REVIEW, runner, Wire.of(outcome));
      }
      case BLOCKED -> {
        String question = run.question != null ? run.question : run.summary;
        post(issue, runner, question == null ? "The agent needs a decision." : question);
        workflow.move(issue, IssueStatus.BLOCKED, runner, "the agent asked a question");
      }
      case FAILED -> {
        if (retryLater(issue, run)) {
          return run;
        }
        post(
            issue,
            Actor.SYSTEM,
            "Run "
                + run.attempt
                + " failed ("
                + reason(run)
                + ")"
                + (run.failureDetail == null ? "." : ":\n\n" + run.failureDetail));
        workflow.move(issue, IssueStatus.BLOCKED, runner, "run failed: " + reason(run));
      }
    }
    return run;
  }

  /**
   * A transient failure within its retries: the issue goes back to ready after a backoff (30 s, 2
   * min, 8 min by default) instead of to a person. False when it is not, or they are used up.
   */
  private boolean retryLater(Issue issue, Run run) {
    if (run.failureReason != FailureReason.TRANSIENT
        || issue.transientRetries >= config.maxTransientRetries()) {
      return false;
    }
    int retry = ++issue.transientRetries;
    Duration wait = config.transientBackoff().multipliedBy(1L << (2 * (retry - 1)));
    issue.notBefore = Instant.now().plus(wait);
    post(
        issue,
        Actor.SYSTEM,
        "Run "
            + run.attempt
            + " hit a transient model API failure"
            + (run.failureDetail == null ? "" : " (" + firstLine(run.failureDetail) + ")")
            + ". Trying again in "
            + wait.toSeconds()
            + " s (retry "
            + retry
            + " of "
            + config.maxTransientRetries()
            + ").");
    workflow.move(issue, Move.TRANSIENT_RETRY, Actor.SYSTEM, "transient failure, retry " + retry);
    return true;
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /**
   * Gives a claim back unfinished: the run ends as {@code RELEASED} and the issue returns to the
   * queue at once (a runner shutting down would otherwise hold it until its lease expired). Not
   * counted against the attempt limit: nothing failed.
   */
  @Transactional
  public Run release(UUID runId, Release release, Actor runner) {
    Run run = claims.requireRunning(runId, release.fencingToken(), runner);
    Issue issue = issues.lock(run.issueId);
    String reason = limit(UntrustedText.line(release.reason()), 200);
    // Not a failure, so no outcome: the board shows the state, "released".
    run.transition(RunState.Event.RELEASED);
    run.failureDetail = reason;
    if (issue.status == IssueStatus.IN_PROGRESS && runId.equals(issue.currentRunId)) {
      issue.currentRunId = null;
      issue.claimedBy = null;
      Comment.post(
          issue.id,
          Actor.SYSTEM,
          "Runner "
              + run.runnerId
              + " gave the issue back before finishing"
              + (reason == null || reason.isBlank() ? "" : " (" + reason + ")")
              + ". It is back in the queue.");
      workflow.move(issue, IssueStatus.READY, Actor.SYSTEM, "released by its runner");
    }
    return run;
  }

  private void record(Run run, Outcome outcome, RunReport r) {
    run.transition(RunState.Event.REPORTED);
    run.outcome = outcome;
    run.branch = limit(UntrustedText.line(r.branch()), 255);
    run.commitSha = limit(UntrustedText.line(r.commit()), 64);
    run.prUrl = limit(UntrustedText.line(r.prUrl()), 2048);
    run.summary = UntrustedText.capped(r.summary(), MAX_SUMMARY_BYTES);
    run.question = UntrustedText.capped(r.question(), MAX_QUESTION_BYTES);
    // File names as committed: a hidden character is written out (<U+202E>), never dropped.
    run.diffStat = UntrustedText.capped(HiddenText.visible(r.diffStat()), MAX_STAT_BYTES);
    String patch = UntrustedText.capped(HiddenText.visible(r.patch()), config.maxPatchBytes());
    run.patchTruncated = patch != null && patch.endsWith(UntrustedText.CUT);
    run.patch = patch;
    budget.chargeReport(run, r.costUsd(), r.reportedCostUsd());
    run.turns = r.turns();
    run.tokens = r.tokens();
    run.durationMs = r.durationMs();
    run.failureReason = r.outcome() == Outcome.FAILED ? r.failureReason() : null;
    run.failureDetail = UntrustedText.capped(r.failureDetail(), MAX_DETAIL_BYTES);
    run.sessionId = limit(UntrustedText.line(r.sessionId()), 100);
  }

  private static String summaryComment(Run run) {
    String head =
        run.outcome == Outcome.NO_CHANGES
            ? "No changes were needed."
            : "Implemented" + (run.branch == null ? "." : " on `" + run.branch + "`.");
    return run.summary == null ? head : head + "\n\n" + run.summary;
  }

  private static String reason(Run run) {
    return run.failureReason == null ? "unknown" : Wire.of(run.failureReason);
  }

  private static void post(Issue issue, Actor actor, String text) {
    Comment.post(issue.id, actor, text);
  }

  private static String kind(String kind) {
    String k = UntrustedText.line(kind);
    return k == null || k.isEmpty() ? "text" : limit(k, 32);
  }

  private static String truncate(String text) {
    return text.length() > MAX_EVENT_CHARS ? text.substring(0, MAX_EVENT_CHARS) + "…" : text;
  }

  private static String limit(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
