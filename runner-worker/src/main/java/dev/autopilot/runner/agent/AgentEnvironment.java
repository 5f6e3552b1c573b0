package dev.autopilot.runner.agent;

import dev.autopilot.runner.RunnerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's environment, built from an allow-list: the Bash tool inherits all of it, so the
 * runner's own secrets (API credentials, Kafka, git and GitHub tokens) must never be in it.
 */
public final class AgentEnvironment {

  /** Always passed when set: process basics. */
  static final Set<String> BASE = Set.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ");

  /** Claude Code's own credentials and model routing. */
  static final Set<String> CLAUDE =
      Set.of(
          "ANTHROPIC_API_KEY",
          "ANTHROPIC_AUTH_TOKEN",
          "ANTHROPIC_BASE_URL",
          "ANTHROPIC_MODEL",
          "ANTHROPIC_SMALL_FAST_MODEL",
          "CLAUDE_CODE_OAUTH_TOKEN",
          "CLAUDE_CODE_USE_BEDROCK",
          "CLAUDE_CODE_USE_VERTEX",
          "CLAUDE_CODE_MAX_RETRIES");

  /** The Codex CLI's own credentials and model routing. */
  static final Set<String> CODEX =
      Set.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORGANIZATION", "OPENAI_PROJECT");

  /** Never passed, even when an operator lists them. */
  private static final List<String> FORBIDDEN_PREFIXES =
      List.of(
          "AUTOPILOT_",
          "KAFKA_",
          "QUARKUS_",
          "GH_",
          "GITHUB_",
          "GIT_",
          "SSH_",
          "CLAUDECODE",
          "CLAUDE_CODE_ENTRYPOINT",
          "CLAUDE_CODE_SESSION_ID");

  private AgentEnvironment() {}

  /** Claude Code's environment: its config, sessions and temp files under {@code home}. */
  static Map<String, String> claude(RunnerConfig.Agent agent, Path home) {
    Map<String, String> env =
        build(System.getenv(), CLAUDE, agent.envAllow().orElse(List.of()), agent.env(), home);
    env.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
    env.put("DISABLE_AUTOUPDATER", "1");
    env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    env.put("DISABLE_TELEMETRY", "1");
    env.put("DISABLE_ERROR_REPORTING", "1");
    env.putIfAbsent("CLAUDE_CODE_MAX_RETRIES", "3");
    return env;
  }

  /** The Codex CLI's environment: its login and config ({@code CODEX_HOME}) under {@code home}. */
  static Map<String, String> codex(RunnerConfig.Agent agent, Path home) {
    Map<String, String> env =
        build(System.getenv(), CODEX, agent.envAllow().orElse(List.of()), agent.env(), home);
    env.put("CODEX_HOME", home.resolve(".codex").toString());
    return env;
  }

  /**
   * The variables to set; every other variable of the runner is removed (value null), as zt-exec
   * removes keys mapped to null.
   */
  public static Map<String, String> build(
      Map<String, String> runnerEnv,
      Set<String> agentCredentials,
      List<String> extraAllowed,
      Map<String, String> fixed,
      Path home) {
    Map<String, String> env = new HashMap<>();
    runnerEnv.keySet().forEach(k -> env.put(k, null));
    for (Map.Entry<String, String> e : runnerEnv.entrySet()) {
      String name = e.getKey();
      boolean allowed =
          BASE.contains(name) || agentCredentials.contains(name) || extraAllowed.contains(name);
      if (allowed && !forbidden(name)) {
        env.put(name, e.getValue());
      }
    }
    fixed.forEach(
        (name, value) -> {
          if (!forbidden(name)) {
            env.put(name, value);
          }
        });
    env.put("HOME", home.toString());
    env.put("TMPDIR", home.resolve("tmp").toString());
    // Any git the agent starts (past the CLI's own git denial) can reach no remote: every
    // transport,
    // including plain paths, is refused, and nothing waits for a password. The runner owns git.
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "protocol.allow");
    env.put("GIT_CONFIG_VALUE_0", "never");
    env.put("GIT_TERMINAL_PROMPT", "0");
    return env;
  }

  static boolean forbidden(String name) {
    return FORBIDDEN_PREFIXES.stream().anyMatch(name::startsWith);
  }
}
