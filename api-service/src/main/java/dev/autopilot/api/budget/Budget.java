package dev.autopilot.api.budget;

import dev.autopilot.api.comment.Comment;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueMoved;
import dev.autopilot.api.issue.Move;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.run.Run;
import dev.autopilot.api.run.RunState;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.IssueStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Spend caps that stop work. An issue's spend is the sum of its runs' costs: the live figure a
 * runner sends with heartbeats, then the one in its report (costs only grow). A sandboxed runner's
 * figure is what its gateway metered from the model's responses, not what the agent CLI printed. At
 * the per-issue cap a queued issue goes to blocked (reason {@code budget}) and a running one is
 * stopped at its next heartbeat; a reviewer who answers the block grants one more cap's worth. At
 * the daily cap no claim is granted until the next UTC day, and ready issues wait in ready.
 */
@ApplicationScoped
public class Budget {

  /** {@link Issue#blockedReason} of an issue the caps blocked. */
  public static final String REASON = "budget";

  private final BudgetConfig config;
  private final SpendRepository spend;
  private final Workflow workflow;
  // Read by the claim path on the event loop, so never from the database there: refreshed every
  // two seconds (and at once by a charge on this instance).
  private volatile boolean dayOver;

  public Budget(BudgetConfig config, SpendRepository spend, Workflow workflow) {
    this.config = config;
    this.spend = spend;
    this.workflow = workflow;
  }

  /** The per-issue cap claims apply, or null when there is none. */
  public BigDecimal issueCap() {
    return capOrNull(config.perIssueUsd());
  }

  /** The cap that applies to {@code issue} (its own, once granted), or null when none does. */
  public BigDecimal capOf(Issue issue) {
    return issue.spendCapUsd != null ? issue.spendCapUsd : issueCap();
  }

  /**
   * Records a run's cost so far (a running total: only growth is charged) and returns the issue's
   * spend. Costs that go down or are missing change nothing; one that is not a plausible run's cost
   * ({@link #plausible}) is refused with 422.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public BigDecimal charge(Run run, Double costUsd) {
    if (costUsd != null && !plausible(costUsd)) {
      throw new ProblemException(
          422,
          "implausible-cost",
          "Implausible cost",
          "costUsd must be a number from 0 to " + config.maxRunUsd().toPlainString());
    }
    return chargePlausible(run, costUsd);
  }

  /**
   * Like {@link #charge}, for a run's report: an implausible figure is not charged (and the report
   * is kept), so nothing the run did is lost over a bad number.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public BigDecimal chargeReport(Run run, Double costUsd, Double reportedCostUsd) {
    BigDecimal spent = chargePlausible(run, costUsd != null && plausible(costUsd) ? costUsd : null);
    // The agent CLI's own figure, kept beside the metered one when they differ (bounded to fit).
    if (reportedCostUsd != null && Double.isFinite(reportedCostUsd) && reportedCostUsd >= 0) {
      BigDecimal reported =
          BigDecimal.valueOf(Math.min(reportedCostUsd, 99_999_999d))
              .setScale(4, RoundingMode.HALF_UP);
      run.reportedCostUsd = reported.equals(run.costUsd) ? null : reported;
    }
    return spent;
  }

  /** Whether {@code costUsd} is a number a run can have cost. */
  public boolean plausible(double costUsd) {
    return Double.isFinite(costUsd)
        && costUsd >= 0
        && BigDecimal.valueOf(costUsd).compareTo(config.maxRunUsd()) <= 0;
  }

  private BigDecimal chargePlausible(Run run, Double costUsd) {
    BigDecimal before = run.costUsd == null ? BigDecimal.ZERO : run.costUsd;
    if (costUsd != null && costUsd > before.doubleValue()) {
      BigDecimal now = BigDecimal.valueOf(costUsd).setScale(4, RoundingMode.HALF_UP);
      run.costUsd = now;
      BigDecimal today = spend.addToday(now.subtract(before));
      BigDecimal dayCap = capOrNull(config.perDayUsd());
      dayOver = dayCap != null && today.compareTo(dayCap) >= 0;
    }
    BigDecimal own = run.costUsd == null ? BigDecimal.ZERO : run.costUsd;
    return spend.spentBesides(run.issueId, run.id).add(own);
  }

  /** What the issue has spent and the cap that applies to it (null: none). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public IssueSpend of(Issue issue) {
    return new IssueSpend(spend.spent(issue.id), capOf(issue));
  }

  /**
   * An issue's spend.
   *
   * @param spentUsd its runs' costs, the running one's live estimate included
   * @param capUsd the cap that applies (its own once a reviewer granted more); null when none
   */
  public record IssueSpend(BigDecimal spentUsd, BigDecimal capUsd) {}

  /** Whether {@code spent} has reached the cap of {@code issue}. */
  public boolean over(Issue issue, BigDecimal spent) {
    BigDecimal cap = capOf(issue);
    return cap != null && spent.compareTo(cap) >= 0;
  }

  /** Whether today's spend has reached the daily cap; never blocks. */
  public boolean dayOver() {
    return dayOver;
  }

  @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  @Transactional
  void refreshDay() {
    BigDecimal cap = capOrNull(config.perDayUsd());
    dayOver = cap != null && spend.today().compareTo(cap) >= 0;
  }

  /** Today's spend and the caps, for the board. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public BudgetView view() {
    return new BudgetView(spend.today(), issueCap(), capOrNull(config.perDayUsd()), dayOver);
  }

  /** Stops a running job whose issue passed its cap: the run ends, the issue is blocked. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void stop(Run run, Issue issue, BigDecimal spent) {
    run.abandon(RunState.Event.CANCELLED, FailureReason.BUDGET);
    issue.currentRunId = null;
    issue.claimedBy = null;
    block(issue, Move.STOPPED_OVER_BUDGET, spent, "The run was stopped: ");
  }

  /** Grants more on an answered budget block; blocks a queued issue that is over its cap. */
  void onMove(@Observes IssueMoved event) {
    Issue issue = event.issue();
    if (issue == null) {
      return;
    }
    if (event.from() == IssueStatus.BLOCKED && REASON.equals(issue.blockedReason)) {
      issue.blockedReason = null;
      BigDecimal cap = issueCap();
      if (event.move() == Move.UNBLOCK && cap != null) {
        issue.spendCapUsd = spend.spent(issue.id).add(cap);
      }
    }
    if (event.to() == IssueStatus.READY && capOf(issue) != null) { // no query without a cap
      BigDecimal spent = spend.spent(issue.id);
      if (over(issue, spent)) {
        block(issue, Move.OVER_BUDGET, spent, "Not queued: ");
      }
    }
  }

  private void block(Issue issue, Move move, BigDecimal spent, String lead) {
    String text =
        lead
            + "this issue has spent $"
            + usd(spent)
            + " of its $"
            + usd(capOf(issue))
            + " cap. Answer to allow one more cap's worth ($"
            + usd(issueCap())
            + "), or move it to the backlog.";
    Comment.post(issue.id, Actor.SYSTEM, text);
    issue.blockedReason = REASON;
    workflow.move(issue, move, Actor.SYSTEM, "budget: $" + usd(spent) + " spent");
  }

  private static String usd(BigDecimal v) {
    return v == null ? "?" : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static BigDecimal capOrNull(BigDecimal cap) {
    return cap == null || cap.signum() <= 0 ? null : cap;
  }
}
