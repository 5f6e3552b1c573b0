package dev.autopilot.runner.git;

import dev.autopilot.runner.Executables;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessExecutor;

/** What the runner does with the agent's edits: commit, describe, push, propose. */
public final class Changes {

  private Changes() {}

  /** A commit and how it differs from where the branch started. */
  public record Committed(String commit, String diffStat, String patch) {}

  /** Whether the worktree has uncommitted changes or untracked files. */
  public static boolean any(Path dir) {
    return !Git.run(dir, "status", "--porcelain", "--untracked-files=all").isBlank();
  }

  /** Commits everything as the runner, with the issue trailer. */
  public static Committed commit(
      Path dir, String base, String message, String authorName, String authorEmail) {
    Git.run(dir, "add", "--all");
    Git.run(
        dir,
        "-c",
        "user.name=" + authorName,
        "-c",
        "user.email=" + authorEmail,
        "-c",
        "commit.gpgsign=false",
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        message);
    String commit = Git.run(dir, "rev-parse", "HEAD").strip();
    String from = Git.tryRun(dir, "merge-base", base, "HEAD");
    String range = (from == null ? base : from) + "..HEAD";
    return new Committed(
        commit, Git.run(dir, "diff", "--stat", range), Git.run(dir, "diff", range));
  }

  /** Pushes an {@code autopilot/*} branch; with lease when it may already exist remotely. */
  public static void push(Path dir, String branch, boolean rerun) {
    if (!branch.startsWith("autopilot/")) {
      throw new IllegalArgumentException("the runner only pushes autopilot/* branches");
    }
    String spec = "refs/heads/" + branch + ":refs/heads/" + branch;
    if (rerun) {
      Git.run(dir, "push", "--quiet", "--force-with-lease", "origin", spec);
    } else {
      Git.run(dir, "push", "--quiet", "origin", spec);
    }
  }

  /**
   * Opens a pull request with the GitHub CLI when it is installed; null otherwise. Title and body
   * are the issue's and the agent's text: separate arguments, never a shell string.
   */
  public static String openPullRequest(
      String gh, Path dir, String branch, String title, String body) {
    if (!Executables.available(gh)) {
      return null;
    }
    try {
      String out =
          new ProcessExecutor()
              .command(gh, "pr", "create", "--head", branch, "--title", title, "--body", body)
              .directory(dir.toFile())
              .readOutput(true)
              .timeout(2, TimeUnit.MINUTES)
              .exitValueAny()
              .execute()
              .outputUTF8()
              .strip();
      String last = out.lines().reduce((a, b) -> b).orElse("");
      return last.startsWith("https://") ? last : null;
    } catch (Exception e) {
      return null;
    }
  }
}
