package dev.autopilot.runner.job;

import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.RunReport;
import dev.autopilot.runner.api.RunnerApi;
import io.smallrye.faulttolerance.api.Guard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends a finished run's report, retrying with exponential backoff while the api-service is
 * unreachable (a restart or rolling deploy): the work is done and committed, and a lost report
 * would make the lease run the issue again. A report refused as invalid is never sent again.
 */
final class ReportDelivery {

  private static final Logger LOG = Logger.getLogger(ReportDelivery.class);
  private static final long FIRST_PAUSE_MS = 1_000;
  private static final long MAX_PAUSE_MS = 15_000;

  private final RunnerApi api;
  private final Guard guard;

  ReportDelivery(RunnerApi api, Duration patience) {
    this.api = api;
    // At least 3 s: the backoff's cap (half the budget) must exceed the first pause.
    long budget = Math.max(patience.toMillis(), 3 * FIRST_PAUSE_MS);
    this.guard =
        Guard.create()
            .withRetry()
            .maxRetries(-1)
            .maxDuration(budget, ChronoUnit.MILLIS)
            .delay(FIRST_PAUSE_MS, ChronoUnit.MILLIS)
            .jitter(100, ChronoUnit.MILLIS)
            .abortOn(RunnerApi.Refused.class)
            .withExponentialBackoff()
            .factor(2)
            .maxDelay(Math.min(MAX_PAUSE_MS, budget / 2), ChronoUnit.MILLIS)
            .done()
            .done()
            .build();
  }

  void deliver(ClaimGrant grant, RunReport report) {
    long issue = grant.issue().id();
    AtomicInteger attempts = new AtomicInteger();
    try {
      boolean accepted =
          guard.call(
              () -> {
                int attempt = attempts.incrementAndGet();
                try {
                  return api.report(grant.claimId(), report);
                } catch (RuntimeException e) {
                  if (!(e instanceof RunnerApi.Refused)) {
                    LOG.warnf(
                        "Report for #%d failed (%s), attempt %d", issue, e.getMessage(), attempt);
                  }
                  throw e;
                }
              },
              Boolean.class);
      if (!accepted) {
        LOG.infof("Report for #%d refused: the claim is no longer ours", issue);
      }
    } catch (RunnerApi.Refused e) {
      LOG.errorf("Report for #%d rejected as invalid: %s", issue, e.getMessage());
    } catch (Exception e) {
      LOG.errorf(
          "Report for #%d not delivered after %d attempts (%s); the lease will return it",
          issue, attempts.get(), e.getMessage());
    }
  }
}
