package dev.autopilot.runner.agent;

import dev.autopilot.runner.Executables;
import dev.autopilot.runner.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;

/**
 * One agent CLI process, the part every adapter shares: an argument list (never a shell), the
 * prompt on stdin, stdout line by line to the adapter's parser, the tail of stderr kept, and the
 * wall-clock timeout and cancel handled by SIGINT, a grace period, then killing the whole tree.
 */
final class AgentProcess {

  private static final int STDERR_LINES = 40;
  private static final int MAX_LINE = 4 * 1024 * 1024;
  private static final int MAX_STDERR_LINE = 4096;

  /**
   * How the process ended, and what the sandbox's gateway metered of its model usage (null without
   * a gateway: then only the CLI's own figure exists).
   */
  record Exit(
      boolean started, int exitCode, AgentResult.Stop stop, String stderrTail, Double meteredUsd) {
    Exit(boolean started, int exitCode, AgentResult.Stop stop, String stderrTail) {
      this(started, exitCode, stop, stderrTail, null);
    }
  }

  private AgentProcess() {}

  static Exit run(
      List<String> command,
      Map<String, String> environment,
      String stdin,
      AgentRequest request,
      Consumer<String> stdoutLines,
      String installHint,
      Sandbox sandbox,
      Sandbox.ModelApi model) {
    long startedAt = System.nanoTime();
    Deque<String> stderr = new ArrayDeque<>();
    AgentResult.Stop stop = AgentResult.Stop.NONE;
    int exit = -1;
    boolean started = false;
    Optional<Path> executable = Executables.resolve(command.get(0));
    if (executable.isEmpty()) {
      return new Exit(
          false,
          -1,
          stop,
          "The agent command '"
              + command.get(0)
              + "' could not be started (not found or not executable). "
              + installHint);
    }
    List<String> argv = new ArrayList<>(command);
    argv.set(0, real(executable.get()));
    Sandbox.Launch launch =
        sandbox.wrap(
            argv,
            environment,
            new Sandbox.Run(
                request.worktree(),
                request.configDir(),
                executable.get(),
                model,
                request.costs(),
                request.tmp()));
    StartedProcess process = null;
    try (AutoCloseable grant = launch.lease()) {
      process =
          new ProcessExecutor()
              .command(launch.command())
              .directory(request.worktree().toFile())
              .environment(launch.environment())
              .redirectInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
              .redirectOutput(lines(stdoutLines, MAX_LINE, false))
              .redirectError(lines(l -> tail(stderr, l), MAX_STDERR_LINE, true))
              .exitValueAny()
              // No destroyOnExit: on SIGTERM its hook would kill the agent before the job could
              // checkpoint. RunnerLifecycle stops jobs first, then ends whatever is left.
              .start();
      ProcessTree.started(process.getProcess());
      started = true;
      Future<ProcessResult> done = process.getFuture();
      StartedProcess running = process;
      long deadline = startedAt + request.timeout().toNanos();
      while (true) {
        try {
          exit = done.get(250, TimeUnit.MILLISECONDS).getExitValue();
          break;
        } catch (TimeoutException poll) {
          boolean cancelled = request.cancelled().getAsBoolean();
          if (cancelled || System.nanoTime() > deadline) {
            stop = cancelled ? AgentResult.Stop.CANCELLED : AgentResult.Stop.TIMEOUT;
            exit =
                ProcessTree.stop(running.getProcess(), request.grace(), done, sandbox.contains());
            break;
          }
        }
      }
    } catch (IOException e) {
      tail(
          stderr,
          "The agent command '"
              + command.get(0)
              + "' could not be started ("
              + e.getMessage()
              + "). "
              + installHint);
    } catch (ExecutionException e) {
      tail(stderr, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop = AgentResult.Stop.CANCELLED;
    } catch (Exception e) {
      tail(stderr, "The agent's sandbox failed: " + e.getMessage());
    } finally {
      // However this ended, nothing of the agent may go on writing while the runner commits.
      if (process != null && process.getProcess().isAlive()) {
        process.getProcess().descendants().forEach(ProcessHandle::destroyForcibly);
        process.getProcess().destroyForcibly();
      }
      if (process != null) {
        ProcessTree.ended(process.getProcess());
      }
    }
    synchronized (stderr) {
      Double metered = launch.meter() == null ? null : launch.meter().costUsd();
      String stopped = launch.stopped().get();
      if (stopped != null) {
        tail(stderr, stopped);
      }
      return new Exit(started, exit, stop, String.join("\n", stderr), metered);
    }
  }

  // The file itself: inside the sandbox only its package is visible, not the symlink's directory.
  private static String real(Path executable) {
    try {
      return executable.toRealPath().toString();
    } catch (IOException e) {
      return executable.toString();
    }
  }

  private static void tail(Deque<String> lines, String line) {
    synchronized (lines) {
      lines.addLast(line);
      while (lines.size() > STDERR_LINES) {
        lines.removeFirst();
      }
    }
  }

  // Lines as the agent writes them, each cut at {@code max}: anything in the sandbox can write to
  // the CLI's stdout, and one endless line must not take the runner's memory. A cut line is kept
  // (marked) or dropped: cut JSON is not JSON any more.
  private static OutputStream lines(Consumer<String> sink, int max, boolean keepCut) {
    return new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();
      private boolean cut;

      @Override
      public void write(int b) {
        if (b == '\n') {
          flushLine();
        } else if (line.size() < max) {
          line.write(b);
        } else {
          cut = true;
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
          write(b[i]);
        }
      }

      @Override
      public void close() {
        if (line.size() > 0) {
          flushLine();
        }
      }

      private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
          text = text.substring(0, text.length() - 1);
        }
        if (!cut || keepCut) {
          sink.accept(cut ? text + "…" : text);
        }
        cut = false;
      }
    };
  }
}
