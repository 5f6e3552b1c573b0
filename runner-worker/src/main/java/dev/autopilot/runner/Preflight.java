package dev.autopilot.runner;

import dev.autopilot.runner.agent.AgentAdapter;
import dev.autopilot.runner.agent.ClaudeCodeAdapter;
import dev.autopilot.runner.agent.CodexAdapter;
import dev.autopilot.runner.sandbox.Sandbox;

/**
 * What a runner checks before it takes any work. Each failure names the missing piece and how to
 * get it: a runner that started anyway would claim every ready issue and fail each one.
 */
public final class Preflight {

  private Preflight() {}

  /** Refuses a missing agent CLI, and free Bash without a sandbox. */
  public static void agentCli(RunnerConfig config) {
    boolean codex = config.agent().kind() == RunnerConfig.Kind.CODEX;
    String bin = codex ? config.codexBin() : config.claudeBin();
    if (!Executables.available(bin)) {
      throw new IllegalStateException(
          "The agent CLI '"
              + bin
              + "' was not found or is not executable. Install it ("
              + (codex ? "npm i -g @openai/codex" : "npm i -g @anthropic-ai/claude-code")
              + ") or set "
              + (codex ? "AUTOPILOT_CODEX_BIN" : "AUTOPILOT_CLAUDE_BIN")
              + ". The runner takes no work without it.");
    }
    if (config.agent().bash() == RunnerConfig.BashMode.SANDBOXED
        && config.agent().sandbox() == RunnerConfig.SandboxMode.OFF) {
      throw new IllegalStateException(
          "AUTOPILOT_AGENT_BASH=sandboxed lets the agent run any command, which is only safe"
              + " inside the sandbox, and AUTOPILOT_AGENT_SANDBOX is off.");
    }
  }

  /** The configured agent's adapter, running inside {@code sandbox}. */
  public static AgentAdapter adapter(RunnerConfig config, Sandbox sandbox) {
    return config.agent().kind() == RunnerConfig.Kind.CODEX
        ? new CodexAdapter(config, sandbox)
        : new ClaudeCodeAdapter(config, sandbox);
  }
}
