package dev.autopilot.runner.agent;

/**
 * A headless coding agent. Implementations run it in the request's worktree with the prompt on
 * standard input, an environment built from an allow-list, and no access to git.
 */
public interface AgentAdapter {

  /** Runs the agent to completion, timeout or cancellation; never throws for agent failures. */
  AgentResult run(AgentRequest request);
}
