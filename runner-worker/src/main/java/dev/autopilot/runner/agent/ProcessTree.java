package dev.autopilot.runner.agent;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessResult;

/**
 * Stops an agent: SIGINT first (the CLI then writes its result), a grace period, then the whole
 * tree is killed. In a sandbox the started process is bubblewrap, which must not get the SIGINT (it
 * would die at once and take the CLI with it before it reports): the processes inside get it, and
 * killing bubblewrap afterwards ends its PID namespace, so even a double-forked {@code setsid}
 * child dies. Without a sandbox, tool subprocesses run in their own sessions and survive a plain
 * SIGTERM of the CLI, hence the snapshot of descendants.
 */
public final class ProcessTree {

  // The agents running now: what the runner ends when it stops, and nothing else it started
  // (a git child finishing a commit must not be killed and leave an index.lock behind).
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  private ProcessTree() {}

  static void started(Process agent) {
    RUNNING.add(agent);
  }

  static void ended(Process agent) {
    RUNNING.remove(agent);
  }

  /** Kills every agent still running, with all it started; returns how many there were. */
  public static int killRunning() {
    int killed = 0;
    for (Process agent : List.copyOf(RUNNING)) {
      if (agent.isAlive()) {
        agent.descendants().forEach(ProcessHandle::destroyForcibly);
        agent.destroyForcibly();
        killed++;
      }
      RUNNING.remove(agent);
    }
    return killed;
  }

  static int stop(Process process, Duration grace, Future<ProcessResult> done, boolean sandboxed) {
    List<ProcessHandle> tree = process.toHandle().descendants().toList();
    try {
      if (sandboxed) {
        for (ProcessHandle p : tree) {
          interrupt(p.pid());
        }
      } else {
        interrupt(process.pid());
      }
      return done.get(grace.toMillis(), TimeUnit.MILLISECONDS).getExitValue();
    } catch (Exception e) {
      // fall through to the kill
    } finally {
      List<ProcessHandle> now = process.toHandle().descendants().toList();
      process.destroyForcibly();
      tree.forEach(ProcessHandle::destroyForcibly);
      now.forEach(ProcessHandle::destroyForcibly);
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  private static void interrupt(long pid) throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
  }
}
