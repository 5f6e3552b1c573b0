package dev.autopilot.runner.agent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessResult;

/**
 * Stops an agent: SIGINT first (the CLI then writes its result), a grace period, then every
 * descendant and the process itself are killed. Tool subprocesses run in their own sessions and
 * survive a plain SIGTERM of the CLI, hence the snapshot of descendants.
 */
final class ProcessTree {

  private ProcessTree() {}

  static int stop(Process process, Duration grace, Future<ProcessResult> done) {
    List<ProcessHandle> tree = process.toHandle().descendants().toList();
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      return done.get(grace.toMillis(), TimeUnit.MILLISECONDS).getExitValue();
    } catch (Exception e) {
      // fall through to the kill
    } finally {
      List<ProcessHandle> now = process.toHandle().descendants().toList();
      tree.forEach(ProcessHandle::destroyForcibly);
      now.forEach(ProcessHandle::destroyForcibly);
    }
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }
}
