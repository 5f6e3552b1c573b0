package dev.autopilot.bench;

import dev.autopilot.launcher.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs every benchmark against one real stack (PostgreSQL, KRaft broker, the production api-service
 * jar) on this machine and prints a results table: {@code java -jar bench/target/bench.jar}.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    int issues = intArg(args, "--issues", 1000);
    int claims = intArg(args, "--claims", 10_000);
    int seconds = intArg(args, "--feedback-seconds", 20);
    RunnerOverhead.Result runner =
        new RunnerOverhead().run(intArg(args, "--repo-files", 20_000), 5, 20);
    System.out.println("runner overhead: " + runner);
    if (java.util.Arrays.asList(args).contains("--runner-only")) {
      return;
    }
    Path home = Path.of(System.getProperty("autopilot.home", ".")).toAbsolutePath();
    Path data = Files.createTempDirectory("autopilot-bench");
    Map<String, String> env =
        Map.of(
            "AUTOPILOT_FEEDBACK_RATE_LIMIT", "1000000000",
            "AUTOPILOT_DISPATCH_LEASE", "10m",
            "QUARKUS_LOG_LEVEL", "WARN");
    try (LocalStack stack = LocalStack.start(home, data, 18181, env)) {
      System.out.println();
      System.out.printf(
          "machine: %d cores, %s, Java %s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"),
          System.getProperty("java.version"));
      DispatchLatency.Result dispatch = new DispatchLatency(stack).run(issues);
      System.out.println(
          "dispatch latency (hand-off returned → claimed by a Kafka consumer): " + dispatch);
      ClaimContention.Result contention = new ClaimContention(stack).run(claims, 16);
      System.out.println("claim contention: " + contention);
      FeedbackIngress.Result feedback = new FeedbackIngress(stack).run(200, seconds);
      System.out.println("feedback ingress: " + feedback);
      System.out.println();
      System.out.println("| benchmark | result | target |");
      System.out.println("|---|---|---|");
      System.out.printf(
          "| dispatch latency, %d issues | p50 %.1f ms, p99 %.1f ms | p50 ≤ 50 ms, p99 ≤ 250 ms |%n",
          dispatch.latency().n(), dispatch.latency().p50(), dispatch.latency().p99());
      System.out.printf(
          "| claims, 16 claimers × %d issues | API %.0f/s vs bare JDBC %.0f/s = %.0f%%, double claims %d | ≥ 50%%, 0 |%n",
          claims,
          contention.apiPerSecond(),
          contention.jdbcPerSecond(),
          100 * contention.apiPerSecond() / contention.jdbcPerSecond(),
          contention.doubleClaims());
      System.out.printf(
          "| feedback, 200 connections, %d s | %.0f/s (pgbench INSERT %.0f tps = %.0f%%), p99 %.1f ms, stored %d = accepted %d | ≥ 50%%, p99 ≤ 50 ms, equal |%n",
          seconds,
          feedback.perSecond(),
          feedback.pgbenchTps(),
          100 * feedback.perSecond() / feedback.pgbenchTps(),
          feedback.latency().p99(),
          feedback.stored(),
          feedback.accepted());
    }
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
