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

  /** Runs {@code git args…} in {@code dir} and returns its standard output. */
  public static String run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    // Never run hooks or an fsmonitor of the (untrusted) repository, never prompt for credentials.
    command.add("-c");
    command.add("core.hooksPath=/dev/null");
    command.add("-c");
    command.add("core.fsmonitor=false");
    command.addAll(List.of(args));
    try {
      ProcessResult result =
          new ProcessExecutor()
              .command(command)
              .directory(dir.toFile())
              .environment("GIT_TERMINAL_PROMPT", "0")
              .readOutput(true)
              .redirectErrorStream(false)
              .timeout(10, TimeUnit.MINUTES)
              .exitValueAny()
              .execute();
      String out = result.outputString(StandardCharsets.UTF_8.name());
      if (result.getExitValue() != 0) {
        throw new GitException(
            "git " + String.join(" ", args) + " failed (" + result.getExitValue() + "): " + out);
      }
      return out;
    } catch (IOException | TimeoutException e) {
      throw new GitException("git " + String.join(" ", args) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted");
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
