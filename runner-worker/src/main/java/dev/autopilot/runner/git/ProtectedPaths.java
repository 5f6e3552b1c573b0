package dev.autopilot.runner.git;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Files the runner never commits or pushes, whatever the agent wrote: CI and automation
 * configuration runs with the repository's secrets as soon as a branch is pushed, so a hostile
 * issue could otherwise turn the agent into a way to exfiltrate them. Nested repositories are
 * refused too, whatever the globs say.
 */
public final class ProtectedPaths {

  private final List<PathMatcher> matchers = new ArrayList<>();
  private final List<String> directories = new ArrayList<>();

  /** Globs relative to the repository root; {@code none} alone protects nothing. */
  public ProtectedPaths(List<String> globs) {
    for (String glob : globs) {
      String g = glob.strip();
      if (g.isEmpty() || g.equalsIgnoreCase("none")) {
        continue;
      }
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
      if (g.endsWith("/**")) {
        // the directory itself, replaced by a file or a symlink, is as dangerous as its content
        directories.add(g.substring(0, g.length() - 3));
      }
    }
  }

  /**
   * The changed, new or deleted files of the worktree that are protected, in git's order, and any
   * nested git repository the agent made (git lists it as {@code dir/}): the runner's git would
   * treat it as a submodule and read its config.
   */
  public List<String> touchedIn(Path dir) {
    String status =
        Git.run(dir, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames");
    List<String> touched = new ArrayList<>();
    for (String entry : status.split("\0")) {
      if (entry.length() > 3) {
        String path = entry.substring(3); // "XY path"
        if (path.endsWith("/")) {
          touched.add(path + " (a nested git repository)");
        } else if (isProtected(path)) {
          touched.add(path);
        }
      }
    }
    return touched;
  }

  boolean isProtected(String path) {
    if (directories.contains(path)) {
      return true;
    }
    Path p = Path.of(path);
    return matchers.stream().anyMatch(m -> m.matches(p));
  }
}
