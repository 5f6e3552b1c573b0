package dev.autopilot.runner.git;

import dev.autopilot.contract.HiddenText;
import dev.autopilot.runner.Executables;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessExecutor;

/** What the runner does with the agent's edits: commit, describe, push, propose. */
public final class Changes {

  private Changes() {}

  /** A commit and how it differs from where the branch started. */
  public record Committed(String commit, String diffStat, String patch) {}

  // What the runner reads of a diff, whatever the agent wrote (the api-service caps it again).
  private static final int MAX_PATCH = 2 * 1024 * 1024;
  private static final int MAX_STAT = 256 * 1024;

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
    // The names as committed: never abbreviated (a wide stat), bytes that are not UTF-8 and
    // characters nobody sees written out (<0xFF>, <U+202E>), git's own quoting ("a\tb") kept.
    return new Committed(
        commit,
        shown(
            Git.runCapped(
                dir,
                MAX_STAT,
                true,
                "diff",
                "--no-ext-diff",
                "--no-textconv",
                "--stat=100000",
                range)),
        shown(
            Git.runCapped(dir, MAX_PATCH, true, "diff", "--no-ext-diff", "--no-textconv", range)));
  }

  private static String shown(Git.Capped out) {
    String text = HiddenText.visible(out.text());
    return out.truncated() ? text + "\n[… cut by the runner: too large to show]\n" : text;
  }

  /**
   * Pushes an {@code autopilot/*} branch to {@code remote} (origin, or a fork). A re-run replaces
   * the branch only if it still points where this job started ({@code expected}).
   */
  public static void push(Path dir, String remote, String branch, String expected) {
    if (!branch.startsWith("autopilot/")) {
      throw new IllegalArgumentException("the runner only pushes autopilot/* branches");
    }
    String ref = "refs/heads/" + branch;
    if (expected != null) {
      Git.run(
          dir,
          "push",
          "--quiet",
          "--force-with-lease=" + ref + ":" + expected,
          remote,
          ref + ":" + ref);
    } else {
      Git.run(dir, "push", "--quiet", remote, ref + ":" + ref);
    }
  }

  /**
   * The {@code --head} of a pull request from {@code remote}: the branch itself for origin, {@code
   * owner:branch} for a fork on GitHub.
   */
  public static String head(Path dir, String remote, String branch) {
    if (remote.equals("origin")) {
      return branch;
    }
    String url =
        remote.contains("/") || remote.contains(":")
            ? remote
            : Git.tryRun(dir, "remote", "get-url", remote);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("github\\.com[:/]([^/]+)/").matcher(url == null ? "" : url);
    return m.find() ? m.group(1) + ":" + branch : branch;
  }

  /**
   * Opens a pull request with the GitHub CLI when it is installed; null otherwise. Title and body
   * are the issue's and the agent's text: separate arguments, never a shell string.
   */
  public static String openPullRequest(
      String gh, Path dir, String head, String title, String body) {
    if (!Executables.available(gh)) {
      return null;
    }
    try {
      String out =
          new ProcessExecutor()
              .command(gh, "pr", "create", "--head", head, "--title", title, "--body", body)
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
