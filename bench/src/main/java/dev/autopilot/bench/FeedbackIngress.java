package dev.autopilot.bench;

import dev.autopilot.launcher.LocalStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Anonymous feedback at N concurrent connections for T seconds, against pgbench running a
 * single-row INSERT with N clients on the same server in the same run. Stored can exceed accepted
 * by the requests still in flight when wrk stops (at most N): the server commits them, wrk no
 * longer counts their answers. Accepted but not stored would be a loss.
 */
final class FeedbackIngress {

  record Result(
      double perSecond,
      double p50,
      double p99,
      double p999,
      long accepted,
      long stored,
      long errors,
      double pgbenchTps) {
    @Override
    public String toString() {
      return String.format(
          "%.0f/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, accepted %d, stored %d, errors %d;"
              + " pgbench INSERT %.0f tps (%.0f%%)",
          perSecond, p50, p99, p999, accepted, stored, errors, pgbenchTps, ratio());
    }

    double ratio() {
      return 100 * perSecond / pgbenchTps;
    }
  }

  private static final int WARM_UP_SECONDS = 60;

  private final LocalStack stack;

  FeedbackIngress(LocalStack stack) {
    this.stack = stack;
  }

  /**
   * Loads the ingress from wrk (a separate C process) after a warm-up that is not measured, so the
   * JIT has compiled the request path before the clock starts.
   */
  Result run(int connections, int seconds) throws Exception {
    Wrk.run(stack.baseUrl(), "feedback", connections, WARM_UP_SECONDS, "warm-" + UUID.randomUUID());
    // The warm-up's rows would otherwise trigger autovacuum in the middle of the measured run.
    vacuum("issue", "issue_status_change");
    String marker = "bench-" + UUID.randomUUID();
    Wrk.Result r = Wrk.run(stack.baseUrl(), "feedback", connections, seconds, marker);
    long accepted = (long) r.value("created");
    long stored;
    try (Connection c = stack.connectDb();
        ResultSet rs =
            c.createStatement()
                .executeQuery("select count(*) from issue where body like '" + marker + " %'")) {
      rs.next();
      stored = rs.getLong(1);
    }
    double pgbench = Pgbench.insertTps(stack, connections, seconds);
    return new Result(
        accepted / (double) seconds,
        r.value("p50"),
        r.value("p99"),
        r.value("p99.9"),
        accepted,
        stored,
        (long) r.value("other"),
        pgbench);
  }

  private void vacuum(String... tables) throws Exception {
    try (Connection c = stack.connectDb()) {
      c.setAutoCommit(true);
      for (String table : tables) {
        c.createStatement().execute("vacuum analyze " + table);
      }
    }
  }
}
