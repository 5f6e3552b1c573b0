package dev.autopilot.runner.agent;

import dev.autopilot.runner.sandbox.Sandbox;

/** The adapters' model APIs, for tests in other packages. */
public final class AdapterModels {

  private AdapterModels() {}

  public static Sandbox.ModelApi claude() {
    return ClaudeCodeAdapter.MODEL;
  }

  public static Sandbox.ModelApi codex() {
    return CodexAdapter.MODEL;
  }
}
