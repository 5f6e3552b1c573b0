package dev.autopilot.runner.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * Where an agent process tree runs. The runner builds the agent's argument list and environment;
 * the sandbox turns them into what is actually started, with a policy made for this one run.
 */
public interface Sandbox {

  /**
   * What to start for one run.
   *
   * @param command the argument list (never a shell string)
   * @param environment variables to set; a null value removes the runner's own
   * @param lease ends the run's grants (its gateway credentials) when closed
   * @param meter what the gateway metered of the run's model usage; null without a gateway
   * @param stopped after the run: why the sandbox's caps stopped it, or null when they did not
   */
  record Launch(
      List<String> command,
      Map<String, String> environment,
      AutoCloseable lease,
      Meter meter,
      java.util.function.Supplier<String> stopped) {}

  /**
   * One run: the only directories it may write, the agent executable (its package is made
   * readable), the model API it talks to, who hears the metered cost as it grows, and its /tmp on
   * its slot disk (null: a sized tmpfs).
   */
  record Run(
      Path worktree, Path home, Path executable, ModelApi model, DoubleConsumer costs, Path tmp) {
    /** A run whose /tmp is the sandbox's own tmpfs. */
    public Run(Path worktree, Path home, Path executable, ModelApi model, DoubleConsumer costs) {
      this(worktree, home, executable, model, costs, null);
    }
  }

  /**
   * How an agent CLI reaches its model: the variable naming the base URL, its default, the
   * variables holding credentials (replaced by placeholders the runner's gateway swaps back), the
   * provider's protocol (how bodies are checked and usage read) and the exact requests (below the
   * base URL's own path) the agent may make with them.
   */
  record ModelApi(
      String baseUrlVariable,
      String defaultBaseUrl,
      Set<String> credentials,
      ModelProtocol protocol,
      List<ModelRoute> routes) {
    /** No model (a probe). */
    public static final ModelApi NONE =
        new ModelApi(
            "AUTOPILOT_NO_MODEL", "http://127.0.0.1:9", Set.of(), ModelProtocol.NONE, List.of());
  }

  /** Wraps {@code command} for {@code run}. */
  Launch wrap(List<String> command, Map<String, String> environment, Run run);

  /** Whether agents run inside an OS sandbox (false only when an operator opted out). */
  boolean contains();

  /** No sandbox: the operator opted out, and the CLI's own permission check is the only wall. */
  static Sandbox none() {
    return new Sandbox() {
      @Override
      public Launch wrap(List<String> command, Map<String, String> environment, Run run) {
        return new Launch(command, environment, () -> {}, null, () -> null);
      }

      @Override
      public boolean contains() {
        return false;
      }
    };
  }
}
