package dev.autopilot.runner;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the runner's external tools (agent CLIs, {@code gh}) before it relies on them. */
public final class Executables {

  private Executables() {}

  /** Whether {@code bin} (a path, or a name looked up on {@code PATH}) can be executed. */
  public static boolean available(String bin) {
    if (bin.contains("/")) {
      return Files.isExecutable(Path.of(bin));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, bin))) {
        return true;
      }
    }
    return false;
  }
}
