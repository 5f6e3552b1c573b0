package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a {@code main} of the test classes in a child JVM: with an environment this JVM cannot
 * change (a user's global git config), or as a root runner without the capabilities that let root
 * ignore file permissions (so a test run as root meets the permissions a deployed runner meets).
 */
final class ChildJvm {

  private ChildJvm() {}

  /** Whether this JVM runs as root: a file it creates is owned by uid 0. */
  static boolean root(Path tmp) throws Exception {
    Path probe = Files.createTempFile(tmp, "uid", "");
    try {
      return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
    } finally {
      Files.delete(probe);
    }
  }

  /**
   * Runs {@code main} with {@code args} and extra {@code env}; without DAC override when {@code
   * asUser} and this JVM is root. Fails the test when it exits non-zero; returns its output.
   */
  static String run(
      Path tmp, Map<String, String> env, boolean asUser, Class<?> main, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    if (asUser && root(tmp)) {
      Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv");
      command.addAll(
          List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"));
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out: " + out);
    assertEquals(0, p.exitValue(), main.getSimpleName() + " failed:\n" + out);
    return out;
  }
}
