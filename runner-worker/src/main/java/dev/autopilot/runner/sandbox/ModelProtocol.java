package dev.autopilot.runner.sandbox;

/**
 * The model provider's wire protocol: which request fields can make the provider reach out on the
 * agent's behalf, and where a response states its usage.
 */
public enum ModelProtocol {
  /** Anthropic's Messages API (Claude Code). */
  ANTHROPIC,
  /** OpenAI's Responses API (Codex). */
  OPENAI,
  /** No model (the sandbox probe). */
  NONE
}
