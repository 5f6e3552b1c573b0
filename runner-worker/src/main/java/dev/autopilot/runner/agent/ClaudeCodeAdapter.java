package dev.autopilot.runner.agent;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.sandbox.ModelProtocol;
import dev.autopilot.runner.sandbox.ModelRoute;
import dev.autopilot.runner.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Claude Code, headless, exactly as its contract says: prompt on stdin, {@code stream-json}, {@code
 * acceptEdits} confined to the worktree, git denied, the repository's own settings, hooks and MCP
 * servers ignored, turn and budget caps, a private config directory.
 */
public class ClaudeCodeAdapter implements AgentAdapter {

  /**
   * Where Claude Code sends model requests, the variables that hold its credentials, and the only
   * requests it makes: a HEAD probe of the base URL, messages and token counts.
   */
  static final Sandbox.ModelApi MODEL =
      new Sandbox.ModelApi(
          "ANTHROPIC_BASE_URL",
          "https://api.anthropic.com",
          Set.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"),
          ModelProtocol.ANTHROPIC,
          List.of(
              ModelRoute.probe("HEAD", "/"),
              ModelRoute.call("/v1/messages", "", "beta=true"),
              ModelRoute.side("/v1/messages/count_tokens", "", "beta=true")));

  private final RunnerConfig config;
  private final Sandbox sandbox;

  public ClaudeCodeAdapter(RunnerConfig config, Sandbox sandbox) {
    this.config = config;
    this.sandbox = sandbox;
  }

  /** The argument list (never a shell string). */
  List<String> command(AgentRequest request, Path rules) {
    RunnerConfig.Agent agent = config.agent();
    List<String> cmd = new ArrayList<>();
    cmd.add(config.claudeBin());
    cmd.addAll(List.of("-p", "--output-format", "stream-json", "--verbose"));
    cmd.addAll(List.of("--permission-mode", "acceptEdits"));
    cmd.addAll(List.of("--tools", "Read,Edit,Write,Glob,Grep,Bash"));
    cmd.addAll(List.of("--disallowedTools", "Bash(git:*)"));
    cmd.addAll(List.of("--setting-sources", "", "--strict-mcp-config"));
    cmd.addAll(List.of("--max-turns", Integer.toString(agent.maxTurns())));
    cmd.addAll(List.of("--max-budget-usd", Double.toString(agent.maxBudgetUsd())));
    agent.model().ifPresent(m -> cmd.addAll(List.of("--model", m)));
    cmd.addAll(List.of("--append-system-prompt-file", rules.toString()));
    if (agent.bash() == RunnerConfig.BashMode.SANDBOXED) {
      // Any command, inside the OS sandbox; git stays denied (the deny rule wins).
      cmd.addAll(List.of("--allowedTools", "Bash"));
    }
    for (String allowed : agent.allowedCommands().orElse(List.of())) {
      if (!allowed.strip().startsWith("git")) {
        cmd.addAll(List.of("--allowedTools", "Bash(" + allowed.strip() + ":*)"));
      }
    }
    if (request.resumeSession() != null
        && hasSession(request.configDir(), request.resumeSession())) {
      cmd.addAll(List.of("--resume", request.resumeSession()));
    }
    return cmd;
  }

  @Override
  public AgentResult run(AgentRequest request) {
    long startedAt = System.nanoTime();
    // In the sandbox the gateway meters the cost; the CLI's stdout is the agent's to forge.
    StreamJson stream =
        new StreamJson(request.events(), sandbox.contains() ? c -> {} : request.costs());
    Path rules = request.configDir().resolve("autopilot-rules.md");
    try {
      Files.createDirectories(request.configDir().resolve("tmp"));
      // The home outlives the run and the agent writes in it: what stands at this name may be its
      // symlink to a runner file. Remove the name itself, then create a new file.
      Files.deleteIfExists(rules);
      Files.writeString(rules, Prompts.RULES, StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      return result(
          new AgentProcess.Exit(false, -1, AgentResult.Stop.NONE, e.toString()), stream, startedAt);
    }
    AgentProcess.Exit exit =
        AgentProcess.run(
            command(request, rules),
            AgentEnvironment.claude(config.agent(), request.configDir()),
            request.prompt(),
            request,
            stream::line,
            "Install Claude Code (npm i -g @anthropic-ai/claude-code), log in, or set"
                + " AUTOPILOT_CLAUDE_BIN.",
            sandbox,
            MODEL);
    return result(exit, stream, startedAt);
  }

  private static AgentResult result(AgentProcess.Exit exit, StreamJson stream, long startedAt) {
    boolean started = exit.started();
    AgentResult.Stop stop = exit.stop();
    String stderr = exit.stderrTail();
    var r = stream.result;
    long elapsed = (System.nanoTime() - startedAt) / 1_000_000;
    if (r == null) {
      return new AgentResult(
          started,
          false,
          true,
          null,
          null,
          stream.sessionId,
          null,
          null,
          null,
          elapsed,
          exit.exitCode(),
          stop,
          stderr,
          stream.denials,
          null,
          exit.meteredUsd());
    }
    var usage = r.path("usage");
    long tokens = usage.path("input_tokens").asLong(0) + usage.path("output_tokens").asLong(0);
    return new AgentResult(
        started,
        true,
        r.path("is_error").asBoolean(false),
        r.path("subtype").asText(null),
        r.hasNonNull("result") ? r.get("result").asText() : String.join("; ", errors(r)),
        r.hasNonNull("session_id") ? r.get("session_id").asText() : stream.sessionId,
        r.hasNonNull("total_cost_usd") ? r.get("total_cost_usd").asDouble() : null,
        r.hasNonNull("num_turns") ? r.get("num_turns").asInt() : null,
        tokens,
        elapsed,
        exit.exitCode(),
        stop,
        stderr,
        stream.denials,
        r.hasNonNull("api_error_status") ? r.get("api_error_status").asInt() : null,
        exit.meteredUsd());
  }

  private static List<String> errors(com.fasterxml.jackson.databind.JsonNode r) {
    List<String> out = new ArrayList<>();
    r.path("errors").forEach(e -> out.add(e.isTextual() ? e.asText() : e.toString()));
    return out;
  }

  private static boolean hasSession(Path configDir, String session) {
    Path projects = configDir.resolve(".claude").resolve("projects");
    if (!Files.isDirectory(projects) || !session.matches("[A-Za-z0-9-]{8,64}")) {
      return false;
    }
    try (Stream<Path> files = Files.walk(projects, 3)) {
      return files.anyMatch(p -> p.getFileName().toString().equals(session + ".jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
