package dev.autopilot.runner.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/** Runs git. Arguments are passed as a list, never through a shell. */
public final class Git {

  private Git() {}

  /** A git command that failed. */
  public static class GitException extends RuntimeException {
    GitException(String message) {
      super(message);
    }
  }

  // What git may print for the runner to read whole (status of a tree the agent filled, say).
  private static final int MAX_OUTPUT = 64 * 1024 * 1024;

  /** Runs {@code git args…} in {@code dir} and returns its standard output. */
  public static String run(Path dir, String... args) {
    Capped out = runCapped(dir, MAX_OUTPUT, args);
    if (out.truncated()) {
      throw new GitException(
          "git " + String.join(" ", args) + ": more output than the runner reads");
    }
    return out.text();
  }

  /** Standard output cut at a size, and whether it was cut. */
  public record Capped(String text, boolean truncated) {}

  /**
   * Runs git keeping at most {@code maxBytes} of its output: the agent decides how big a diff is,
   * so the runner's memory must not.
   */
  public static Capped runCapped(Path dir, int maxBytes, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    // Never run hooks or an fsmonitor of the (untrusted) repository, never look into submodules
    // (a repository planted in one would run its own config), never prompt for credentials.
    command.addAll(
        List.of(
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "diff.ignoreSubmodules=all",
            "-c",
            "submodule.recurse=false",
            "-c",
            "status.submoduleSummary=false",
            // Paths as UTF-8 in diffs, stats and status, not octal escapes ("\303\274").
            "-c",
            "core.quotepath=false"));
    command.addAll(List.of(args));
    CappedStream stdout = new CappedStream(maxBytes);
    CappedStream stderr = new CappedStream(4096);
    try {
      ProcessResult result =
          new ProcessExecutor()
              .command(command)
              .directory(dir.toFile())
              .environment("GIT_TERMINAL_PROMPT", "0")
              .redirectOutput(stdout)
              .redirectError(stderr)
              .timeout(10, TimeUnit.MINUTES)
              .exitValueAny()
              .execute();
      String out = stdout.text();
      if (result.getExitValue() != 0) {
        throw new GitException(
            "git "
                + String.join(" ", args)
                + " failed ("
                + result.getExitValue()
                + "): "
                + (out + stderr.text()).strip());
      }
      return new Capped(out, stdout.truncated());
    } catch (IOException | TimeoutException e) {
      throw new GitException("git " + String.join(" ", args) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted");
    }
  }

  /** Keeps the first bytes written, counts the rest. */
  private static final class CappedStream extends java.io.OutputStream {
    private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    private final int max;
    private boolean truncated;

    CappedStream(int max) {
      this.max = max;
    }

    @Override
    public synchronized void write(int b) {
      if (kept.size() < max) {
        kept.write(b);
      } else {
        truncated = true;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = Math.max(0, max - kept.size());
      kept.write(b, off, Math.min(room, len));
      truncated |= len > room;
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
      return truncated;
    }
  }

  /** Like {@link #run} but returns null instead of failing. */
  public static String tryRun(Path dir, String... args) {
    try {
      return run(dir, args).strip();
    } catch (GitException e) {
      return null;
    }
  }
}
