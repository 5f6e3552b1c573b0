package dev.autopilot.runner.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
   */
  record Launch(List<String> command, Map<String, String> environment, AutoCloseable lease) {}

  /**
   * One run: the only directories it may write, the agent executable (its package is made readable)
   * and the model API it talks to.
   */
  record Run(Path worktree, Path home, Path executable, ModelApi model) {}

  /**
   * How an agent CLI reaches its model: the variable naming the base URL, its default, the
   * variables holding credentials (replaced by placeholders the runner's gateway swaps back) and
   * the API paths (below the base URL's own) the agent may call with them.
   */
  record ModelApi(
      String baseUrlVariable,
      String defaultBaseUrl,
      java.util.Set<String> credentials,
      List<String> paths) {
    /** No model (a probe). */
    public static final ModelApi NONE =
        new ModelApi("AUTOPILOT_NO_MODEL", "http://127.0.0.1:9", java.util.Set.of(), List.of());
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
        return new Launch(command, environment, () -> {});
      }

      @Override
      public boolean contains() {
        return false;
      }
    };
  }
}
