package dev.autopilot.runner;

import dev.autopilot.runner.agent.AgentAdapter;
import dev.autopilot.runner.agent.ClaudeCodeAdapter;
import dev.autopilot.runner.agent.CodexAdapter;
import dev.autopilot.runner.api.RunnerApi;
import dev.autopilot.runner.git.Workspace;
import dev.autopilot.runner.job.Job;
import dev.autopilot.runner.work.WorkConsumer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts taking work only when {@code AUTOPILOT_RUNNER=1}; otherwise says why it is idle. */
@ApplicationScoped
public class RunnerLifecycle {

  private static final Logger LOG = Logger.getLogger(RunnerLifecycle.class);

  private final RunnerConfig config;
  private final RunnerApi api;
  private final String bootstrap;
  private WorkConsumer consumer;

  public RunnerLifecycle(
      RunnerConfig config,
      RunnerApi api,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
    this.config = config;
    this.api = api;
    this.bootstrap = bootstrap;
  }

  void start(@Observes StartupEvent event) {
    if (!config.runner()) {
      LOG.info("Runner is idle: AUTOPILOT_RUNNER is not 1, so no agent will ever run here.");
      return;
    }
    String runnerId = config.runnerId().orElseGet(RunnerLifecycle::hostname);
    boolean codex = config.agent().kind() == RunnerConfig.Kind.CODEX;
    String bin = codex ? config.codexBin() : config.claudeBin();
    if (!Executables.available(bin)) {
      LOG.warnf(
          "The agent '%s' was not found or is not executable: every job will fail with reason"
              + " 'setup' until it is installed (%s) and logged in.",
          bin, codex ? "npm i -g @openai/codex" : "npm i -g @anthropic-ai/claude-code");
    }
    Workspace workspace = new Workspace(config, runnerId);
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
    AgentAdapter agent = codex ? new CodexAdapter(config) : new ClaudeCodeAdapter(config);
    Job job = new Job(config, api, workspace, agent);
    consumer = new WorkConsumer(config, api, job, runnerId, bootstrap);
    Thread thread = new Thread(consumer, "work-consumer");
    thread.start();
    LOG.infof(
        "Runner %s taking work from %s with %d slot(s) in %s",
        runnerId, bootstrap, config.maxParallel(), workspace.repo());
  }

  void stop(@Observes ShutdownEvent event) {
    if (consumer != null) {
      consumer.stop(config.agent().grace().plusSeconds(30));
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "runner";
    }
  }
}
