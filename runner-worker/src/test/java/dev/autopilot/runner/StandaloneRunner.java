package dev.autopilot.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.autopilot.runner.api.ApiCredentials;
import dev.autopilot.runner.api.ContractJson;
import dev.autopilot.runner.api.RunnerApi;
import dev.autopilot.runner.git.Workspace;
import dev.autopilot.runner.job.Job;
import dev.autopilot.runner.sandbox.AgentSandbox;
import dev.autopilot.runner.work.WorkConsumer;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * A second runner made of the same parts, outside Quarkus: in this JVM for the two-runner test, or
 * as a child process that a test can SIGKILL.
 */
public final class StandaloneRunner {

  private static final Vertx VERTX = Vertx.vertx();

  private StandaloneRunner() {}

  /** Starts a runner with these settings; returns its consumer. */
  public static WorkConsumer start(Map<String, String> settings) {
    RunnerConfig runner = TestConfig.of(settings);
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    new ContractJson().customize(json);
    RunnerApi api = new RunnerApi(runner, new ApiCredentials(runner, json), json);
    String id = runner.runnerId().orElseThrow();
    Preflight.agentCli(runner);
    Workspace workspace = new Workspace(runner, id);
    workspace.init();
    AgentSandbox sandbox = AgentSandbox.open(runner, VERTX, workspace.ownPaths());
    WorkConsumer consumer =
        new WorkConsumer(
            runner,
            api,
            new Job(runner, api, workspace, Preflight.adapter(runner, sandbox.sandbox())),
            id,
            settings.get("kafka.bootstrap.servers"),
            json);
    Thread thread = new Thread(consumer, "standalone-" + id);
    thread.setDaemon(true);
    thread.start();
    return consumer;
  }

  /**
   * Starts a runner as a child process (a test can SIGKILL it) logging to {@code <id>.log} in the
   * stack's root.
   */
  public static Process startChild(String id, Map<String, String> settings) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StandaloneRunner.class.getName());
    settings.forEach((k, v) -> cmd.add(k + "=" + v));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(StackResource.root.resolve(id + ".log").toFile())
        .start();
  }

  /** Child-process entry point: settings come as {@code key=value} arguments. */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> settings = new java.util.HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      settings.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    try {
      start(settings);
    } catch (IllegalStateException e) {
      // As the Quarkus runner does: refuse to start, and say why.
      System.err.println("Runner refused to start: " + e.getMessage());
      System.exit(2);
    }
    System.out.println("runner started");
    Thread.currentThread().join();
  }
}
