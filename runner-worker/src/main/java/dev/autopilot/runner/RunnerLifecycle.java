package dev.autopilot.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.contract.ParentProcess;
import dev.autopilot.runner.agent.ProcessTree;
import dev.autopilot.runner.api.RunnerApi;
import dev.autopilot.runner.git.SlotDisks;
import dev.autopilot.runner.git.Workspace;
import dev.autopilot.runner.git.Workspaces;
import dev.autopilot.runner.job.Job;
import dev.autopilot.runner.sandbox.AgentSandbox;
import dev.autopilot.runner.work.WorkConsumer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts taking work only when {@code AUTOPILOT_RUNNER=1}; otherwise says why it is idle. A runner
 * that could not run an agent (no CLI, no working sandbox) refuses to start instead of claiming
 * work and failing it.
 */
@ApplicationScoped
public class RunnerLifecycle {

  private static final Logger LOG = Logger.getLogger(RunnerLifecycle.class);

  private final RunnerConfig config;
  private final RunnerApi api;
  private final Vertx vertx;
  private final ObjectMapper json;
  private final String bootstrap;
  private final long launcher;
  private WorkConsumer consumer;
  private AgentSandbox sandbox;
  private Optional<SlotDisks> disks = Optional.empty();

  public RunnerLifecycle(
      RunnerConfig config,
      RunnerApi api,
      Vertx vertx,
      ObjectMapper json,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      @ConfigProperty(name = "autopilot.parent-pid", defaultValue = "0") long launcher) {
    this.config = config;
    this.api = api;
    this.vertx = vertx;
    this.json = json;
    this.bootstrap = bootstrap;
    this.launcher = launcher;
  }

  void start(@Observes StartupEvent event) {
    // Started by ./autopilot up: end with the launcher, even after its SIGKILL.
    ParentProcess.whenGone(launcher, Quarkus::asyncExit);
    try {
      startTakingWork();
    } catch (IllegalStateException e) {
      LOG.errorf("Runner refused to start: %s", e.getMessage());
      throw e;
    }
  }

  private void startTakingWork() {
    if (!config.runner()) {
      LOG.info("Runner is idle: AUTOPILOT_RUNNER is not 1, so no agent will ever run here.");
      return;
    }
    String runnerId = config.runnerId().orElseGet(RunnerLifecycle::hostname);
    Preflight.agentCli(config);
    Workspace workspace = new Workspace(config, runnerId, slotDisks());
    workspace.init();
    if (config.push() && !workspace.hasOrigin()) {
      LOG.warnf(
          "AUTOPILOT_PUSH is on but %s has no 'origin' remote: every job with changes will fail"
              + " with reason 'git'.",
          workspace.repo());
    } else if (config.push() && !Executables.available(config.ghBin())) {
      LOG.infof(
          "'%s' (GitHub CLI) not found: branches are pushed, but no pull request is opened.",
          config.ghBin());
    }
    // Fail closed: no sandbox, no work (unless an operator explicitly opted out).
    sandbox = AgentSandbox.open(config, vertx, workspace.ownPaths());
    Workspaces workspaces = new Workspaces(config, runnerId, disks, workspace);
    Job job = new Job(config, api, workspaces, Preflight.adapter(config, sandbox.sandbox()));
    consumer = new WorkConsumer(config, api, job, runnerId, bootstrap, json);
    Thread thread = new Thread(consumer, "work-consumer");
    thread.start();
    LOG.infof(
        "Runner %s taking work from %s with %d slot(s) in %s",
        runnerId, bootstrap, config.maxParallel(), workspace.repo());
  }

  void stop(@Observes ShutdownEvent event) {
    if (consumer != null) {
      LOG.info("Stopping: no new claims; running jobs checkpoint and give their issues back");
      consumer.stop(config.agent().grace().plusSeconds(30));
      LOG.info("Stopped taking work");
    }
    // An agent a job left running past its grace (an unsandboxed agent has no bwrap to die with
    // the runner) ends with the runner; the runner's own git children are left to finish.
    int killed = ProcessTree.killRunning();
    if (killed > 0) {
      LOG.warnf("Killed %d agent(s) still running at shutdown", killed);
    }
    if (sandbox != null) {
      sandbox.close();
    }
    disks.ifPresent(SlotDisks::close);
  }

  // The run's disk budget, enforced by a file system of its size where the runner may mount one.
  private Optional<SlotDisks> slotDisks() {
    if (config.agent().disk() == RunnerConfig.DiskMode.OFF) {
      return Optional.empty();
    }
    Path dir = Path.of(config.cacheDir()).toAbsolutePath().resolve("slot-disks");
    disks = SlotDisks.open(dir, config.agent().diskMib());
    if (disks.isEmpty() && config.agent().disk() == RunnerConfig.DiskMode.LOOP) {
      throw new IllegalStateException(
          "AUTOPILOT_AGENT_DISK=loop, but this runner cannot mount a slot disk (it needs root,"
              + " /dev/loop-control and mkfs.ext4)");
    }
    if (disks.isEmpty()) {
      LOG.warnf(
          "Runs have no disk budget enforced here (%d MiB asked): the file system limits a single"
              + " file only (AUTOPILOT_AGENT_MAX_FILE_MIB). Bound the runner's cache volume instead"
              + " (deploy/: the pod's ephemeral volume).",
          config.agent().diskMib());
    }
    return disks;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "runner";
    }
  }
}
