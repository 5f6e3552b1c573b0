package dev.autopilot.runner;

import java.util.concurrent.TimeUnit;

/**
 * The agent sandbox's Debian packages, installed when missing (as root, as CI runs): the tests run
 * every agent in it, and a missing package is a failure, never a skip.
 */
public final class SandboxTools {

  private SandboxTools() {}

  public static synchronized void ensureInstalled() {
    if (Executables.available("bwrap") && Executables.available("socat")) {
      return;
    }
    try {
      for (String[] cmd :
          new String[][] {
            {"apt-get", "install", "-y", "-q", "bubblewrap", "socat"},
            {"sh", "-c", "apt-get update -q && apt-get install -y -q bubblewrap socat"}
          }) {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0) {
          return;
        }
      }
      throw new IllegalStateException("apt-get install bubblewrap socat failed");
    } catch (Exception e) {
      throw new IllegalStateException(
          "The runner tests need bubblewrap and socat (apt-get install bubblewrap socat, as root)",
          e);
    }
  }
}
