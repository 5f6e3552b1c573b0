package dev.autopilot.runner.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  // Commands that only talk to a remote: they keep the user's global config (credential helpers,
  // url rewrites, ssh settings) and convert no file of the worktree.
  private static final Set<String> REMOTE = Set.of("clone", "fetch", "push", "ls-remote", "remote");

  // Commands that read or write the worktree's files, and so run the filter a .gitattributes names.
  private static final Set<String> CONTENT =
      Set.of(
          "add",
          "apply",
          "checkout",
          "clean",
          "commit",
          "diff",
          "log",
          "merge",
          "reset",
          "restore",
          "show",
          "stash",
          "status",
          "switch",
          "worktree");

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
    return runCapped(dir, maxBytes, false, args);
  }

  /**
   * {@link #runCapped}, with bytes that are not UTF-8 written as {@code <0xFF>} when {@code exact}
   * (file names in a diff a person reviews) rather than all as the same replacement character.
   */
  public static Capped runCapped(Path dir, int maxBytes, boolean exact, String... args) {
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
            "core.quotepath=false",
            // A root runner hands its worktrees to the agent's uid for a run; the runner's git
            // reads none of that owner's config, so ownership is no reason to refuse them.
            "-c",
            "safe.directory=*"));
    String subcommand = subcommand(args);
    boolean local = !REMOTE.contains(subcommand);
    if (CONTENT.contains(subcommand)) {
      command.addAll(noFilters(dir));
    }
    command.addAll(List.of(args));
    CappedStream stdout = new CappedStream(maxBytes);
    CappedStream stderr = new CappedStream(4096);
    try {
      ProcessResult result =
          new ProcessExecutor()
              .command(command)
              .directory(dir.toFile())
              .environment("GIT_TERMINAL_PROMPT", "0")
              .environment(isolated(local))
              .redirectOutput(stdout)
              .redirectError(stderr)
              .timeout(10, TimeUnit.MINUTES)
              .exitValueAny()
              .execute();
      String out = exact ? stdout.exactText() : stdout.text();
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

  /**
   * The environment of a command that works on the worktree: no global or system config. A user's
   * {@code ~/.gitconfig} (local mode) defines filter, diff and merge drivers (git-lfs, nbstripout,
   * anything) that a {@code .gitattributes} the agent wrote would otherwise run as the runner.
   * Identity and every setting the runner relies on are given on the command line.
   */
  private static Map<String, String> isolated(boolean local) {
    return local ? Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1") : Map.of();
  }

  /**
   * {@code -c} settings that switch off every filter driver the repository's own config defines (an
   * empty command is no filter, and none is required): git takes the driver's name from a {@code
   * .gitattributes} the agent may have written. Diffs run without drivers anyway ({@code
   * --no-ext-diff --no-textconv}), and the runner never merges.
   */
  private static List<String> noFilters(Path dir) {
    String listed;
    try {
      listed = run(dir, "config", "--name-only", "--get-regexp", "^filter\\.");
    } catch (GitException e) {
      return List.of(); // exit 1: no filter configured
    }
    Set<String> drivers = new LinkedHashSet<>();
    for (String key : listed.split("\n")) {
      int last = key.lastIndexOf('.');
      if (key.startsWith("filter.") && last > "filter.".length()) {
        drivers.add(key.substring(0, last));
      }
    }
    List<String> off = new ArrayList<>();
    for (String driver : drivers) {
      for (String setting : List.of(".clean=", ".smudge=", ".process=", ".required=false")) {
        off.add("-c");
        off.add(driver + setting);
      }
    }
    return off;
  }

  /** The git command among {@code args}: the first word that is not a {@code -c} setting. */
  private static String subcommand(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-c") || args[i].equals("-C")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return args[i];
      }
    }
    return "";
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

    synchronized String exactText() {
      CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
      ByteBuffer in = ByteBuffer.wrap(kept.toByteArray());
      CharBuffer chunk = CharBuffer.allocate(in.remaining() + 1);
      StringBuilder out = new StringBuilder(in.remaining());
      while (true) {
        CoderResult r = utf8.decode(in, chunk, true);
        out.append(chunk.flip());
        chunk.clear();
        if (r.isUnderflow()) {
          return out.toString();
        }
        for (int i = 0; r.isError() && i < r.length(); i++) {
          out.append(String.format("<0x%02X>", in.get() & 0xFF));
        }
      }
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
