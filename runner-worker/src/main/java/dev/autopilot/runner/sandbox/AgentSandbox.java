package dev.autopilot.runner.sandbox;

import dev.autopilot.runner.RunnerConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The runner's sandbox as a whole: the egress gateway, its Unix socket bridge and the bubblewrap
 * policy. Opening it proves the sandbox works here (a probe run) or fails with what is missing, so
 * a runner never takes work it cannot contain.
 */
public final class AgentSandbox implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AgentSandbox.class);

  private final Sandbox sandbox;
  private final AutoCloseable[] parts;

  private AgentSandbox(Sandbox sandbox, AutoCloseable... parts) {
    this.sandbox = sandbox;
    this.parts = parts;
  }

  /**
   * Starts the gateway and checks bubblewrap works; throws with the missing piece and how to
   * install it otherwise. With {@code AUTOPILOT_AGENT_SANDBOX=off} it says loudly that agents run
   * unsandboxed.
   *
   * @param runnerPaths the runner's own directories, hidden from the agent
   */
  public static AgentSandbox open(RunnerConfig config, Vertx vertx, List<Path> runnerPaths) {
    if (config.agent().sandbox() == RunnerConfig.SandboxMode.OFF) {
      LOG.error(
          "AUTOPILOT_AGENT_SANDBOX=off: agents run WITHOUT the OS sandbox. Any command the agent"
              + " may run can read this runner's files and secrets and reach any host; the CLI's"
              + " permission check is the only wall. The board marks this runner unsandboxed.");
      return new AgentSandbox(Sandbox.none());
    }
    if (HostTasks.uid() == 0 && config.agent().uid() == 0) {
      LOG.warn(
          "The runner runs as root and AUTOPILOT_AGENT_UID=0: agents keep no capabilities in their"
              + " sandbox, but they own root's files that the sandbox shows them (the read paths).");
    }
    Path dir;
    try {
      // Short and private: a Unix socket path must stay under 108 bytes.
      dir = Files.createTempDirectory("autopilot-sandbox");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EgressGateway gateway =
        new EgressGateway(
            vertx, config.agent().allowedDomains().orElse(List.of()), config.gateway());
    Path socket = SandboxPaths.socketIn(dir.resolve("egress"));
    UnixBridge bridge = new UnixBridge(socket, gateway.port());
    Path seccomp = dir.resolve("seccomp.bpf");
    Optional<Cgroups> cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"), selfCgroup());
    String problem = null;
    Bubblewrap bubblewrap = null;
    try {
      if (!SeccompFilter.supported()) {
        problem = "no seccomp filter for this architecture (" + System.getProperty("os.arch") + ")";
      } else {
        Files.write(seccomp, SeccompFilter.program());
        bubblewrap = new Bubblewrap(config, gateway, socket, runnerPaths, seccomp, cgroups);
        problem = bubblewrap.probe(dir.resolve("probe"));
      }
    } catch (IOException e) {
      problem = "the seccomp filter could not be written: " + e.getMessage();
    }
    if (problem != null) {
      bridge.close();
      gateway.close();
      throw new IllegalStateException(
          "The agent sandbox cannot run here: "
              + problem
              + " The runner takes no work without it. To run agents unsandboxed anyway (not"
              + " recommended), set AUTOPILOT_AGENT_SANDBOX=off.");
    }
    LOG.infof(
        "Agents run in a bubblewrap sandbox as %s; network: the model API and %s; caps: %d"
            + " processes and %d MiB per run (%s)",
        bubblewrap.user(),
        config.agent().allowedDomains().map(Object::toString).orElse("no other host"),
        config.agent().maxProcesses(),
        config.agent().memoryMib(),
        cgroups.map(Cgroups::kind).orElse("RLIMIT_NPROC; no memory cap without a writable cgroup"));
    if (cgroups.isEmpty() && bubblewrap.user().uid() == 0) {
      LOG.warn(
          "No writable cgroup, and RLIMIT_NPROC does not bind root: agents' processes are not"
              + " capped. Give the runner a delegated cgroup v2 subtree, or run it unprivileged.");
    }
    return new AgentSandbox(bubblewrap, bridge, gateway);
  }

  private static List<String> selfCgroup() {
    try {
      return Files.readAllLines(Path.of("/proc/self/cgroup"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** What the adapters wrap agent processes with. */
  public Sandbox sandbox() {
    return sandbox;
  }

  @Override
  public void close() {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        LOG.debugf("Closing the sandbox: %s", e.getMessage());
      }
    }
  }
}
