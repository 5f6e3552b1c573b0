package dev.autopilot.bench;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.sandbox.AgentSandbox;
import dev.autopilot.runner.sandbox.ModelProtocol;
import dev.autopilot.runner.sandbox.ModelRoute;
import dev.autopilot.runner.sandbox.Sandbox;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the agent sandbox adds to a job: a stand-in agent ({@code sh -c 'echo … > change.txt'})
 * started, run and ended bare, then inside the runner's bubblewrap sandbox (the per-run policy, the
 * gateway grant, socat, the PID namespace's teardown), alternating so both see the same machine.
 * The difference of the medians is the sandbox's start and teardown.
 */
final class SandboxOverhead {

  record Result(Stats bare, Stats sandboxed) {
    @Override
    public String toString() {
      return String.format(
          "agent start to exit, bare %s; in the sandbox %s; added at p50 %.1f ms",
          bare, sandboxed, sandboxed.p50() - bare.p50());
    }
  }

  Result run(int jobs) throws Exception {
    Path root = Files.createTempDirectory("sandbox-overhead");
    Path worktree = Files.createDirectories(root.resolve("worktree"));
    Path home = Files.createDirectories(root.resolve("home"));
    Files.writeString(worktree.resolve(".git"), "gitdir: " + root.resolve("repo.git") + "\n");
    Vertx vertx = Vertx.vertx();
    try (AgentSandbox sandbox =
        AgentSandbox.open(config(root), vertx, List.of(root.resolve("cache")))) {
      Sandbox.Run run =
          new Sandbox.Run(
              worktree,
              home,
              Path.of("/bin/sh"),
              new Sandbox.ModelApi(
                  "ANTHROPIC_BASE_URL",
                  "http://127.0.0.1:9",
                  Set.of("ANTHROPIC_API_KEY"),
                  ModelProtocol.ANTHROPIC,
                  List.of(ModelRoute.call("/v1/messages"))),
              c -> {});
      List<String> agent = List.of("/bin/sh", "-c", "echo job > change.txt");
      Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "ANTHROPIC_API_KEY", "sk-bench");
      long[] bare = new long[jobs];
      long[] boxed = new long[jobs];
      for (int i = -3; i < jobs; i++) { // three warm-up rounds
        long b = time(Sandbox.none().wrap(agent, env, run), worktree);
        long s = time(sandbox.sandbox().wrap(agent, env, run), worktree);
        if (i >= 0) {
          bare[i] = b;
          boxed[i] = s;
        }
      }
      return new Result(Stats.ofNanos(bare), Stats.ofNanos(boxed));
    } finally {
      vertx.close();
    }
  }

  private static long time(Sandbox.Launch launch, Path worktree) throws Exception {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(worktree.toFile());
    pb.environment().clear();
    launch
        .environment()
        .forEach(
            (k, v) -> {
              if (v != null) {
                pb.environment().put(k, v);
              }
            });
    Process p = pb.redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0 || !Files.exists(worktree.resolve("change.txt"))) {
      throw new IOException("the stand-in agent failed: " + new String(out));
    }
    launch.lease().close();
    Files.delete(worktree.resolve("change.txt"));
    return System.nanoTime() - start;
  }

  /** The runner's defaults, its cache under {@code root}. */
  static RunnerConfig config(Path root) {
    return new SmallRyeConfigBuilder()
        .withMapping(RunnerConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(
            new PropertiesConfigSource(
                Map.of("autopilot.cache-dir", root.resolve("cache").toString()), "bench", 500))
        .build()
        .getConfigMapping(RunnerConfig.class);
  }
}
