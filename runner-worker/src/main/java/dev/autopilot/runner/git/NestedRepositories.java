package dev.autopilot.runner.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Git repositories below a worktree's root, which the runner never lets git read. */
public final class NestedRepositories {

  private NestedRepositories() {}

  /**
   * Every {@code .git} below the worktree's root: a repository the agent made or planted in a
   * submodule's path. Git would read its config (filters, fsmonitor) as the runner, so these are
   * found by walking the files, before any git command looks at the worktree.
   */
  public static List<String> in(Path dir) {
    List<String> found = new ArrayList<>();
    Path root = dir.resolve(".git");
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (d.getFileName() != null && d.getFileName().toString().equals(".git")) {
                if (!d.equals(root)) {
                  found.add(dir.relativize(d).toString());
                }
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (f.getFileName().toString().equals(".git") && !f.equals(root)) {
                found.add(dir.relativize(f).toString());
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  static void remove(Path dir) {
    for (String nested : in(dir)) {
      Path p = dir.resolve(nested);
      try (var walk = Files.walk(p)) {
        for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
