package dev.autopilot.bench;

import dev.autopilot.launcher.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Anonymous feedback at N concurrent connections for T seconds, against pgbench running a
 * single-row INSERT with N clients on the same server in the same run.
 */
final class FeedbackIngress {

  record Result(
      double perSecond, Stats latency, long accepted, long stored, double pgbenchTps, long errors) {
    @Override
    public String toString() {
      return String.format(
          "%.0f/s, %s, accepted %d, stored %d, errors %d; pgbench INSERT %.0f tps (%.0f%%)",
          perSecond, latency, accepted, stored, errors, pgbenchTps, 100 * perSecond / pgbenchTps);
    }
  }

  private final LocalStack stack;

  FeedbackIngress(LocalStack stack) {
    this.stack = stack;
  }

  Result run(int connections, int seconds) throws Exception {
    String marker = "bench-" + UUID.randomUUID();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < connections; t++) {
      int client = t;
      Thread thread =
          new Thread(
              () -> {
                Http http = new Http(stack.baseUrl(), null, null);
                List<Long> mine = new ArrayList<>();
                for (int i = 0; System.nanoTime() < end; i++) {
                  long start = System.nanoTime();
                  int status =
                      http.post(
                              "/api/autopilot/feedback",
                              "{\"message\":\""
                                  + marker
                                  + " "
                                  + client
                                  + "-"
                                  + i
                                  + "\",\"page\":\"/bench\"}")
                          .statusCode();
                  mine.add(System.nanoTime() - start);
                  if (status == 201) {
                    accepted.incrementAndGet();
                  } else {
                    errors.incrementAndGet();
                  }
                }
                latencies.add(mine.stream().mapToLong(Long::longValue).toArray());
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    long stored;
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery("select count(*) from issue where body like '" + marker + "%'")) {
      rs.next();
      stored = rs.getLong(1);
    }
    double pgbench = pgbench(connections, seconds);
    return new Result(
        accepted.get() / (double) seconds,
        Stats.ofNanos(all),
        accepted.get(),
        stored,
        pgbench,
        errors.get());
  }

  /** TPS of pgbench running one INSERT per transaction, or NaN when pgbench is not installed. */
  private double pgbench(int clients, int seconds) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres")) {
      c.createStatement()
          .execute(
              "create table if not exists bench_insert (id bigserial primary key, body text,"
                  + " created_at timestamptz not null default now())");
    }
    Path script = Files.createTempFile("pgbench", ".sql");
    Files.writeString(script, "insert into bench_insert (body) values ('feedback message');\n");
    ProcessBuilder pb =
        new ProcessBuilder(
                "pgbench",
                "-n",
                "-c",
                Integer.toString(clients),
                "-j",
                "2",
                "-T",
                Integer.toString(seconds),
                "-f",
                script.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(stack.postgresPort()),
                "-U",
                "postgres",
                "postgres")
            .redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial").matcher(out);
      if (m.find()) {
        return Double.parseDouble(m.group(1));
      }
      System.out.println(out);
    } catch (IOException e) {
      System.out.println("pgbench not available: " + e.getMessage());
    }
    return Double.NaN;
  }
}
