package dev.autopilot.runner.job;

import dev.autopilot.runner.api.RunnerApi;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps a claim's lease alive, reports the run's live cost, and notices when a reviewer cancelled
 * it, its issue went over its spend cap, or the lease was lost.
 */
final class Heartbeater implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Heartbeater.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "heartbeat"));
  private volatile RunnerApi.Lease lease = RunnerApi.Lease.HELD;
  // The agent's estimated cost so far; negative until it reports usage.
  private volatile double costUsd = -1;

  Heartbeater(RunnerApi api, String claim, long token, int leaseSeconds) {
    long every = Math.max(1, leaseSeconds / 3);
    timer.scheduleAtFixedRate(
        () -> {
          try {
            double cost = costUsd;
            RunnerApi.Lease now = api.heartbeat(claim, token, leaseSeconds, cost < 0 ? null : cost);
            if (now != RunnerApi.Lease.HELD) {
              LOG.infof("Claim %s is %s; stopping the agent", claim, now);
              lease = now;
            }
          } catch (RuntimeException e) {
            LOG.warnf("Heartbeat failed (%s); retrying", e.getMessage());
          }
        },
        every,
        every,
        TimeUnit.SECONDS);
  }

  /** The agent's cost estimate, sent with the next heartbeat (the server enforces the caps). */
  void cost(double usd) {
    costUsd = usd;
  }

  boolean lost() {
    return lease != RunnerApi.Lease.HELD;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
