package dev.autopilot.bench;

import dev.autopilot.launcher.LocalStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N claimers drain M ready issues through the API (HTTP, auth, JSON, run row, history, metrics),
 * then the same conditional UPDATE is run bare over JDBC on another M issues, in the same run.
 */
final class ClaimContention {

  record Result(double apiPerSecond, double jdbcPerSecond, long doubleClaims) {
    @Override
    public String toString() {
      return String.format(
          "API %.0f claims/s, bare JDBC %.0f claims/s (%.0f%%), double claims %d",
          apiPerSecond, jdbcPerSecond, 100 * apiPerSecond / jdbcPerSecond, doubleClaims);
    }
  }

  // The statement ClaimService runs, without the run row and history the API also writes.
  private static final String BARE_CLAIM =
      """
      with candidate as (
        select id, status_changed_at from issue
        where status = 'READY' and not human_only
        order by priority_rank, status_changed_at, id
        limit 1
        for update skip locked)
      update issue i
         set status = 'IN_PROGRESS', attempt = i.attempt + 1, claimed_by = ?,
             current_run_id = ?, version = i.version + 1,
             updated_at = now(), status_changed_at = now()
        from candidate c
       where i.id = c.id
      returning i.id
      """;

  private final LocalStack stack;

  ClaimContention(LocalStack stack) {
    this.stack = stack;
  }

  /**
   * The API side is loaded by wrk (a separate C process, {@code claimers} connections) after an
   * unmeasured warm-up round; the bare side by {@code claimers} JDBC connections. Both rates are
   * claims over the span between the first and the last claim's transaction time, so client start
   * and stop do not count on either side.
   */
  Result run(int issues, int claimers) throws Exception {
    drain();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("runner:" + stack.password("runner")).getBytes(StandardCharsets.UTF_8));
    seed(issues);
    Wrk.run(stack.baseUrl(), "claims", claimers, seconds(issues), auth);
    long first = seed(issues);
    // wrk's own count can fall short: a connection stopping at 204 abandons its thread's answers
    // in flight. The run rows are the truth.
    Wrk.run(stack.baseUrl(), "claims", claimers, seconds(issues), auth);
    double[] api =
        span(
            "select count(*), extract(epoch from max(claimed_at) - min(claimed_at)) from run"
                + " where issue_id >= "
                + first);
    if (api[0] != issues) {
      throw new IllegalStateException("API claimed " + api[0] + " of " + issues);
    }
    long doubles =
        count(
            "select count(*) from (select issue_id from run group by issue_id having count(*) > 1) d");

    first = seed(issues);
    int viaJdbc =
        parallel(
            claimers,
            () -> {
              int n = 0;
              try (Connection c = connect();
                  PreparedStatement ps = c.prepareStatement(BARE_CLAIM)) {
                c.setAutoCommit(true);
                while (true) {
                  ps.setString(1, "bench-jdbc");
                  ps.setObject(2, UUID.randomUUID());
                  try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                      return n;
                    }
                    n++;
                  }
                }
              }
            });
    double[] jdbc =
        span(
            "select count(*), extract(epoch from max(status_changed_at) - min(status_changed_at))"
                + " from issue where claimed_by = 'bench-jdbc' and id >= "
                + first);
    if (viaJdbc != issues || jdbc[0] != issues) {
      throw new IllegalStateException("JDBC claimed " + viaJdbc + " of " + issues);
    }
    return new Result(api[0] / api[1], jdbc[0] / jdbc[1], doubles);
  }

  /** A generous wrk duration for draining {@code issues}; each connection stops when empty. */
  private static int seconds(int issues) {
    return 5 + issues / 500;
  }

  private double[] span(String sql) throws SQLException {
    try (Connection c = connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return new double[] {rs.getLong(1), rs.getDouble(2)};
    }
  }

  private int parallel(int threads, java.util.concurrent.Callable<Integer> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(pool.submit(task));
    }
    AtomicInteger total = new AtomicInteger();
    for (Future<Integer> f : results) {
      total.addAndGet(f.get());
    }
    pool.shutdown();
    return total.get();
  }

  private void drain() throws SQLException {
    execute("update issue set status = 'BACKLOG' where status = 'READY'");
  }

  /** Adds {@code issues} ready issues and returns the first new id. */
  private long seed(int issues) throws SQLException {
    long first = count("select coalesce(max(id), 0) + 1 from issue");
    execute(
        "insert into issue (title, status, kind, priority, created_by)"
            + " select 'claim bench ' || g, 'READY', 'CHORE', 'NORMAL', 'bench'"
            + " from generate_series(1, "
            + issues
            + ") g");
    return first;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connect()) {
      c.createStatement().execute(sql);
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection connect() throws SQLException {
    return stack.connectDb();
  }
}
