package dev.autopilot.runner.git;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Files the runner never commits or pushes, whatever the agent wrote: CI and automation
 * configuration runs with the repository's secrets as soon as a branch is pushed, so a hostile
 * issue could otherwise turn the agent into a way to exfiltrate them. Nested repositories, links
 * out of the worktree and hard links are refused too, whatever the globs say.
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
    return touched(dir, changes(dir));
  }

  /** The worktree's changed, new and deleted paths, from one {@code git status}. */
  public static List<String> changes(Path dir) {
    String status =
        Git.run(dir, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames");
    List<String> paths = new ArrayList<>();
    for (String entry : status.split("\0")) {
      if (entry.length() > 3) {
        paths.add(entry.substring(3)); // "XY path"
      }
    }
    return paths;
  }

  /** {@link #touchedIn} for changes already listed. */
  public List<String> touched(Path dir, List<String> changes) {
    List<String> touched = new ArrayList<>();
    Path root = dir.toAbsolutePath().normalize();
    for (String path : changes) {
      if (path.endsWith("/")) {
        touched.add(path + " (a nested git repository)");
      } else if (isProtected(path)) {
        touched.add(path);
      } else {
        String link = linkProblem(root, root.resolve(path));
        if (link != null) {
          touched.add(path + " (" + link + ")");
        }
      }
    }
    return touched;
  }

  /**
   * Files bigger than {@code maxBytes} among the changes: the runner would otherwise hash, commit,
   * push and show them.
   */
  public static List<String> oversized(Path dir, long maxBytes) {
    return oversized(dir, changes(dir), maxBytes);
  }

  /** {@link #oversized(Path, long)} for changes already listed. */
  public static List<String> oversized(Path dir, List<String> changes, long maxBytes) {
    List<String> big = new ArrayList<>();
    for (String path : changes) {
      Path p = dir.resolve(path);
      try {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) >= maxBytes) {
          big.add(path + " (" + Files.size(p) / (1024 * 1024) + " MiB)");
        }
      } catch (IOException e) {
        big.add(path + " (unreadable)");
      }
    }
    return big;
  }

  // A symlink leading out of the worktree, or a file with a second name elsewhere: committing
  // either would publish whatever it points at (a secret of the runner's).
  private static String linkProblem(Path root, Path file) {
    try {
      if (Files.isSymbolicLink(file)) {
        Path target = file.getParent().resolve(Files.readSymbolicLink(file)).normalize();
        return target.startsWith(root) ? null : "a link outside the worktree";
      }
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue()
              > 1) {
        return "a hard link";
      }
      return null;
    } catch (IOException | UnsupportedOperationException e) {
      return "unreadable";
    }
  }

  boolean isProtected(String path) {
    if (directories.contains(path)) {
      return true;
    }
    Path p = Path.of(path);
    return matchers.stream().anyMatch(m -> m.matches(p));
  }
}
