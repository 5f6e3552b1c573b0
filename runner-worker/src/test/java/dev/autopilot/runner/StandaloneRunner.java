package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another runner: the packaged runner-worker (what operators run) as a child process, so a test can
 * stop it with SIGTERM or kill it with SIGKILL. Its log goes to {@code <id>.log} in the stack's
 * root. The integration tests run after {@code package}, so the jar is there.
 */
public final class StandaloneRunner {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private StandaloneRunner() {}

  /** Starts a runner with these settings (as system properties). */
  public static Process start(String id, Map<String, String> settings) throws Exception {
    assertTrue(
        Files.isRegularFile(JAR), JAR + " is missing: run the integration tests after package");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dquarkus.http.port=0");
    settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(JAR.toAbsolutePath().toString());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(StackResource.root.resolve(id + ".log").toFile())
        .start();
  }

  /** Stops a runner as an orchestrator would: SIGTERM, then SIGKILL after the grace period. */
  public static void stop(Process runner, Duration grace) throws InterruptedException {
    runner.destroy();
    if (!runner.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      runner.destroyForcibly().waitFor();
    }
  }
}
