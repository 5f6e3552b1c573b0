package dev.autopilot.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessExecutor;

/**
 * Who the agent is on the host. A user namespace maps the agent to the uid that starts bubblewrap,
 * so a root runner's agent would own every root file the sandbox shows it. A root runner therefore
 * starts bubblewrap without a user namespace (root may make the other namespaces itself), keeps
 * only the two capabilities that change uid, and the first thing in the sandbox drops to an
 * unprivileged uid for good ({@code setpriv}), with no capabilities and no way back (bubblewrap
 * sets no-new-privileges; the seccomp filter refuses new user namespaces).
 */
final class AgentUser {

  private final int uid;

  private AgentUser(int uid) {
    this.uid = uid;
  }

  /** The agent's uid for a runner of {@code runnerUid}: {@code agentUid} for root, else its own. */
  static AgentUser of(int runnerUid, int agentUid) {
    return new AgentUser(runnerUid == 0 && agentUid > 0 ? agentUid : runnerUid);
  }

  /** Whether the agent runs as another host uid than the runner (a root runner). */
  boolean switches() {
    return uid != HostTasks.uid();
  }

  int uid() {
    return uid;
  }

  /** Bubblewrap's namespace and capability options for this user. */
  List<String> namespaces() {
    if (switches()) {
      return List.of("--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID");
    }
    return List.of("--cap-drop", "ALL", "--unshare-user", "--disable-userns");
  }

  /** What the sandbox runs first: the drop to the agent's uid (nothing when it is the runner's). */
  List<String> drop() {
    if (!switches()) {
      return List.of();
    }
    return List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--");
  }

  /**
   * Hands the run's own directories (worktree, home, /tmp) to the agent's uid, never following a
   * link the agent left there.
   */
  void own(Path... dirs) {
    if (!switches()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("chown", "-R", "-P", "-h", uid + ":" + uid, "--"));
    for (Path d : dirs) {
      if (d != null && Files.exists(d)) {
        cmd.add(d.toString());
      }
    }
    try {
      var result =
          new ProcessExecutor()
              .command(cmd)
              .readOutput(true)
              .exitValueAny()
              .timeout(2, TimeUnit.MINUTES)
              .execute();
      if (result.getExitValue() != 0) {
        throw new IllegalStateException(
            "Handing the run's directories to uid " + uid + " failed: " + result.outputUTF8());
      }
    } catch (IOException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("chown failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return switches() ? "host uid " + uid : "the runner's own uid";
  }
}
