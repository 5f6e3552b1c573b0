package dev.autopilot.runner.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Paths a sandbox is built from: the agent CLI's package and the egress socket's directory. */
final class SandboxPaths {

  private SandboxPaths() {}

  /** The npm package an executable belongs to (the CLI needs its files), or the file alone. */
  static Path packageOf(Path executable) {
    if (executable == null) {
      return null;
    }
    Path real;
    try {
      real = executable.toRealPath();
    } catch (IOException e) {
      return executable;
    }
    Path dir = real.getParent();
    while (dir != null && dir.getParent() != null) {
      Path parent = dir.getParent();
      if (parent.getFileName() != null && parent.getFileName().toString().equals("node_modules")) {
        return dir;
      }
      if (parent.getFileName() != null
          && parent.getFileName().toString().startsWith("@")
          && parent.getParent() != null
          && parent.getParent().getFileName() != null
          && parent.getParent().getFileName().toString().equals("node_modules")) {
        return dir;
      }
      dir = parent;
    }
    return real;
  }

  /** Creates the host side of the egress socket's directory, owner-only. */
  public static Path socketIn(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir.resolve("egress.sock");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code --perms 0755 --dir} for every directory above {@code paths} that is neither {@code /tmp}
   * nor inside a {@code readable} bind, outermost first: made before the binds, they let an agent
   * uid other than the runner's reach what is bound below them.
   */
  static List<String> ancestors(List<Path> readable, Path... paths) {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path p : paths) {
      if (p == null) {
        continue;
      }
      for (Path a = p.toAbsolutePath().getParent(); a != null && a.getParent() != null; ) {
        Path dir = a;
        if (!dir.equals(Path.of("/tmp")) && readable.stream().noneMatch(dir::startsWith)) {
          dirs.add(dir);
        }
        a = a.getParent();
      }
    }
    List<String> args = new ArrayList<>();
    dirs.stream()
        .sorted(java.util.Comparator.comparingInt(Path::getNameCount))
        .forEach(d -> args.addAll(List.of("--perms", "0755", "--dir", d.toString())));
    return args;
  }
}
