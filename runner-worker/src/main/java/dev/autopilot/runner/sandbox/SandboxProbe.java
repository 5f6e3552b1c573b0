package dev.autopilot.runner.sandbox;

import dev.autopilot.runner.Executables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Proves a sandbox of the runner's shape can be made here before the runner takes work: a trivial
 * command in it must see no capabilities and the seccomp filter in force.
 */
final class SandboxProbe {

  private static final String CHECK =
      "echo ok > probe && { grep -q '^CapEff:[[:space:]]*0*$' /proc/self/status"
          + " || { echo 'capabilities are left inside the sandbox'; exit 3; }; }"
          + " && { grep -q '^Seccomp:[[:space:]]*2' /proc/self/status"
          + " || { echo 'the seccomp filter is not applied'; exit 4; }; }"
          + " && cat probe";

  private SandboxProbe() {}

  /** Null when it works, else why not; {@code needed} pairs each executable with its name. */
  static String run(Bubblewrap sandbox, Path scratch, String[][] needed) {
    for (String[] tool : needed) {
      if (!Executables.available(tool[0])) {
        return tool[1]
            + " is not installed or not executable ('"
            + tool[0]
            + "'). Install it: apt-get install bubblewrap socat util-linux.";
      }
    }
    Cgroups.Cage cage = null;
    try {
      cage = sandbox.cage();
      Path wt = Files.createDirectories(scratch.resolve("probe-worktree"));
      Path home = Files.createDirectories(scratch.resolve("probe-home"));
      sandbox.user().own(wt, home);
      Sandbox.Run run = new Sandbox.Run(wt, home, null, Sandbox.ModelApi.NONE, c -> {});
      Process p =
          new ProcessBuilder(sandbox.arguments(List.of("/bin/sh", "-c", CHECK), run, cage))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return "bubblewrap cannot create its sandbox here ("
            + out
            + "). It needs unprivileged user namespaces: on a host, sysctl"
            + " kernel.unprivileged_userns_clone=1 (and on Ubuntu 24.04+"
            + " kernel.apparmor_restrict_unprivileged_userns=0); in a container, the seccomp"
            + " profile shipped in deploy/ (docs/sandbox-deployment.md).";
      }
      return out.endsWith("ok") ? null : "the sandbox probe printed '" + out + "'";
    } catch (IOException | RuntimeException e) {
      return "bubblewrap could not be started: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      if (cage != null) {
        cage.close();
      }
    }
  }
}
