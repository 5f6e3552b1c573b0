package dev.autopilot.runner.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Codex CLI's adapter against a stand-in with its {@code exec --json} output. */
class CodexAdapterContractTest extends AgentAdapterContract {

  @Override
  String fakeCli() {
    return "fake-codex.sh";
  }

  @Override
  String binKey() {
    return "autopilot.codex-bin";
  }

  @Override
  AgentAdapter adapter(RunnerConfig config) {
    return new CodexAdapter(config, Sandbox.none());
  }

  @Override
  Set<String> ownVariables() {
    Set<String> own = new java.util.HashSet<>(AgentEnvironment.CODEX);
    own.add("CODEX_HOME");
    return own;
  }

  @Test
  void theRulesLeadThePromptAndAuthFailuresAreClassified() throws IOException {
    run("Implement issue #20 [fake:echo]");
    String prompt = Files.readString(worktree.resolve("prompt-20.txt"));
    assertTrue(prompt.startsWith(Prompts.RULES), prompt);
    AgentResult failed = run("Implement issue #21 [fake:fail]");
    assertEquals("error_auth", failed.subtype());
  }
}
