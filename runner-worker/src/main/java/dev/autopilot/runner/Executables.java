package dev.autopilot.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the runner's external tools (agent CLIs, {@code gh}) before it relies on them. */
public final class Executables {

  private Executables() {}

  /** Whether {@code bin} (a path, or a name looked up on {@code PATH}) can be executed. */
  public static boolean available(String bin) {
    return resolve(bin).isPresent();
  }

  /** The absolute path {@code bin} runs from, when it can be executed. */
  public static Optional<Path> resolve(String bin) {
    if (bin.contains("/")) {
      Path p = Path.of(bin).toAbsolutePath();
      return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, bin).toAbsolutePath();
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
