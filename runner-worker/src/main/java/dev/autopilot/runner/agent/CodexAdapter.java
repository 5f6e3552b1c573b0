package dev.autopilot.runner.agent;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.sandbox.ModelProtocol;
import dev.autopilot.runner.sandbox.ModelRoute;
import dev.autopilot.runner.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The OpenAI Codex CLI, headless: {@code codex exec --json} with the prompt on stdin, the {@code
 * workspace-write} sandbox (writes only inside the worktree; a worktree's git metadata lives
 * outside it, so git cannot commit), no approvals, an ephemeral session and a private {@code
 * CODEX_HOME}. Codex has no turn or budget flags, so the wall-clock timeout is its cap; it reports
 * no cost. Its sessions are not resumed: a re-run starts fresh with the whole thread in the prompt.
 */
public class CodexAdapter implements AgentAdapter {

  /**
   * Where Codex sends model requests, the variable that holds its key, and the only requests it
   * makes: responses and the model list. Stored responses (read, cancel, delete) stay closed.
   */
  static final Sandbox.ModelApi MODEL =
      new Sandbox.ModelApi(
          "OPENAI_BASE_URL",
          "https://api.openai.com/v1",
          Set.of("OPENAI_API_KEY"),
          ModelProtocol.OPENAI,
          List.of(ModelRoute.call("/responses"), ModelRoute.probe("GET", "/models")));

  private final RunnerConfig config;
  private final Sandbox sandbox;

  public CodexAdapter(RunnerConfig config, Sandbox sandbox) {
    this.config = config;
    this.sandbox = sandbox;
  }

  /** The argument list (never a shell string). */
  List<String> command(AgentRequest request) {
    List<String> cmd = new ArrayList<>();
    cmd.add(config.codexBin());
    cmd.addAll(List.of("exec", "--json", "--sandbox", "workspace-write", "--ephemeral"));
    cmd.addAll(List.of("-C", request.worktree().toString()));
    config.agent().model().ifPresent(m -> cmd.addAll(List.of("-m", m)));
    cmd.add("-");
    return cmd;
  }

  @Override
  public AgentResult run(AgentRequest request) {
    long startedAt = System.nanoTime();
    CodexJson stream = new CodexJson(request.events());
    try {
      Files.createDirectories(request.configDir().resolve("tmp"));
      Files.createDirectories(request.configDir().resolve(".codex"));
    } catch (IOException e) {
      return result(
          stream, new AgentProcess.Exit(false, -1, AgentResult.Stop.NONE, e.toString()), startedAt);
    }
    // Codex has no system-prompt flag: the rules lead the prompt, before the delimited issue text.
    String prompt = Prompts.RULES + "\n\n" + request.prompt();
    AgentProcess.Exit exit =
        AgentProcess.run(
            command(request),
            AgentEnvironment.codex(config.agent(), request.configDir()),
            prompt,
            request,
            stream::line,
            "Install the Codex CLI (npm i -g @openai/codex), set OPENAI_API_KEY, or set"
                + " AUTOPILOT_CODEX_BIN.",
            sandbox,
            MODEL);
    return result(stream, exit, startedAt);
  }

  private static AgentResult result(CodexJson s, AgentProcess.Exit exit, long startedAt) {
    boolean sawResult = s.completed || s.failed;
    boolean isError = s.failed || (sawResult && exit.exitCode() != 0);
    String subtype =
        !isError ? "success" : s.authFailed() ? "error_auth" : "error_during_execution";
    return new AgentResult(
        exit.started(),
        sawResult,
        isError,
        sawResult ? subtype : null,
        isError ? s.error : s.lastMessage,
        s.threadId,
        null,
        sawResult ? s.turns : null,
        sawResult ? s.tokens : null,
        (System.nanoTime() - startedAt) / 1_000_000,
        exit.exitCode(),
        exit.stop(),
        exit.stderrTail(),
        s.denials,
        null,
        exit.meteredUsd());
  }
}
