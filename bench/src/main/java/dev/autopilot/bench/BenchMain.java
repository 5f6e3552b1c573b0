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
    java.util.List<String> flags = java.util.Arrays.asList(args);
    String only = flags.contains("--only") ? args[flags.indexOf("--only") + 1] : "all";
    // The sandbox and the gateway need no stack: asked for alone, they run without one.
    if (only.equals("sandbox") || only.equals("gateway")) {
      System.out.println(
          only.equals("sandbox")
              ? "sandbox overhead: " + new SandboxOverhead().run(intArg(args, "--jobs", 50))
              : "gateway overhead: " + gateway(args));
      return;
    }
    if (!flags.contains("--skip-runner")) {
      RunnerOverhead.Result runner =
          new RunnerOverhead().run(intArg(args, "--repo-files", 20_000), 5, 20);
      System.out.println("runner overhead: " + runner);
      System.out.println("sandbox overhead: " + new SandboxOverhead().run(50));
      System.out.println("gateway overhead: " + gateway(args));
    }
    if (flags.contains("--runner-only")) {
      return;
    }
    if (!Wrk.available()) {
      System.err.println(
          "The benchmarks need wrk and pgbench: apt-get install wrk postgresql-client");
      System.exit(2);
    }
    Path home = Path.of(System.getProperty("autopilot.home", ".")).toAbsolutePath();
    Path data = Files.createTempDirectory("autopilot-bench");
    Map<String, String> env =
        Map.of(
            "AUTOPILOT_FEEDBACK_RATE_LIMIT", "1000000000",
            "AUTOPILOT_INCIDENTS_EVENTS_PER_MINUTE", "1000000000",
            // The new-kind latency posts 200 new kinds in one project within the hour.
            "AUTOPILOT_INCIDENTS_NEW_GROUPS_PER_HOUR", "1000",
            "AUTOPILOT_DISPATCH_LEASE", "10m",
            "QUARKUS_LOG_LEVEL", "WARN");
    try (LocalStack stack = LocalStack.start(home, data, 18181, env)) {
      System.out.println();
      System.out.printf(
          "machine: %d cores, %s, Java %s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"),
          System.getProperty("java.version"));
      DispatchLatency.Result dispatch = null;
      if (only.equals("all") || only.equals("dispatch")) {
        dispatch = new DispatchLatency(stack).run(issues);
        System.out.println(
            "dispatch latency (hand-off returned → claimed by a Kafka consumer): " + dispatch);
      }
      ClaimContention.Result contention = null;
      if (only.equals("all") || only.equals("claims")) {
        contention = new ClaimContention(stack).run(claims, 16);
        System.out.println("claim contention: " + contention);
      }
      FeedbackIngress.Result feedback = null;
      if (only.equals("all") || only.equals("feedback")) {
        feedback = new FeedbackIngress(stack).run(200, seconds);
        System.out.println("feedback ingress: " + feedback);
      }
      IncidentIngest.Result incidents = null;
      if (only.equals("all") || only.equals("incidents")) {
        incidents = new IncidentIngest(stack).run(64, seconds, 200);
        System.out.println("incident ingest: " + incidents);
      }
      BoardPaint.Result paint = null;
      if (only.equals("all") || only.equals("paint")) {
        paint = new BoardPaint(stack).run(intArg(args, "--board-issues", 100_000), 10);
        System.out.println("board first paint: " + paint);
      }
      if (!only.equals("all")) {
        return;
      }
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
          "| feedback, 200 connections, %d s | %.0f/s (pgbench INSERT %.0f tps = %.0f%%), p50 %.1f ms, p99 %.1f ms; accepted %d, stored %d, errors %d | ≥ 50%%, p99 ≤ 50 ms, stored = accepted |%n",
          seconds,
          feedback.perSecond(),
          feedback.pgbenchTps(),
          feedback.ratio(),
          feedback.p50(),
          feedback.p99(),
          feedback.accepted(),
          feedback.stored(),
          feedback.errors());
      System.out.printf(
          "| incident ingest, 64 connections, 10 groups, %d s | %.0f events/s (pgbench INSERT %.0f tps = %.0f%%), p99 %.1f ms; accepted %d, counted %d; new kind → issue visible p50 %.1f ms, p99 %.1f ms | — |%n",
          seconds,
          incidents.perSecond(),
          incidents.pgbenchTps(),
          incidents.ratio(),
          incidents.p99(),
          incidents.accepted(),
          incidents.counted(),
          incidents.visible().p50(),
          incidents.visible().p99());
      System.out.printf(
          "| board first paint, %,d issues | first card p50 %.0f ms, max %.0f ms; all columns counted p50 %.0f ms | ≤ 1 s |%n",
          paint.issues(),
          paint.firstCard().p50(),
          paint.firstCard().max(),
          paint.allColumns().p50());
    }
  }

  private static GatewayOverhead.Result gateway(String[] args) throws Exception {
    return new GatewayOverhead()
        .run(intArg(args, "--gateway-warmup", 2_000), intArg(args, "--gateway-requests", 10_000));
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
