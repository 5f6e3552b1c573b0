package dev.autopilot.runner.agent;

import dev.autopilot.runner.RunnerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;
import org.zeroturnaround.exec.stream.LogOutputStream;

/**
 * Claude Code, headless, exactly as its contract says: prompt on stdin, {@code stream-json}, {@code
 * acceptEdits} confined to the worktree, git denied, the repository's own settings, hooks and MCP
 * servers ignored, turn and budget caps, a private config directory.
 */
public class ClaudeCodeAdapter implements AgentAdapter {

  private static final int STDERR_LINES = 40;

  private final RunnerConfig config;

  public ClaudeCodeAdapter(RunnerConfig config) {
    this.config = config;
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
    StreamJson stream = new StreamJson(request.events());
    Deque<String> stderr = new ArrayDeque<>();
    AgentResult.Stop stop = AgentResult.Stop.NONE;
    int exit = -1;
    boolean started = false;
    try {
      Files.createDirectories(request.configDir().resolve("tmp"));
      Path rules = request.configDir().resolve("autopilot-rules.md");
      Files.writeString(rules, Prompts.RULES);
      StartedProcess process =
          new ProcessExecutor()
              .command(command(request, rules))
              .directory(request.worktree().toFile())
              .environment(
                  AgentEnvironment.build(
                      System.getenv(),
                      config.agent().envAllow().orElse(List.of()),
                      config.agent().env(),
                      request.configDir()))
              .redirectInput(
                  new ByteArrayInputStream(request.prompt().getBytes(StandardCharsets.UTF_8)))
              .redirectOutput(lines(stream::line))
              .redirectError(lines(l -> tail(stderr, l)))
              .exitValueAny()
              .destroyOnExit()
              .start();
      started = true;
      Future<ProcessResult> done = process.getFuture();
      long deadline = startedAt + request.timeout().toNanos();
      while (true) {
        try {
          exit = done.get(250, TimeUnit.MILLISECONDS).getExitValue();
          break;
        } catch (TimeoutException poll) {
          boolean cancelled = request.cancelled().getAsBoolean();
          if (cancelled || System.nanoTime() > deadline) {
            stop = cancelled ? AgentResult.Stop.CANCELLED : AgentResult.Stop.TIMEOUT;
            exit = ProcessTree.stop(process.getProcess(), request.grace(), done);
            break;
          }
        }
      }
    } catch (IOException e) {
      tail(
          stderr,
          "The agent command '"
              + config.claudeBin()
              + "' could not be started ("
              + e.getMessage()
              + "). Install Claude Code (npm i -g @anthropic-ai/claude-code), log in, or set"
              + " AUTOPILOT_CLAUDE_BIN.");
    } catch (ExecutionException e) {
      tail(stderr, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop = AgentResult.Stop.CANCELLED;
    }
    return result(started, stream, stop, exit, String.join("\n", stderr), startedAt);
  }

  private static AgentResult result(
      boolean started,
      StreamJson stream,
      AgentResult.Stop stop,
      int exit,
      String stderr,
      long startedAt) {
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
          exit,
          stop,
          stderr,
          stream.denials);
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
        exit,
        stop,
        stderr,
        stream.denials);
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

  private static void tail(Deque<String> lines, String line) {
    synchronized (lines) {
      lines.addLast(line);
      while (lines.size() > STDERR_LINES) {
        lines.removeFirst();
      }
    }
  }

  private static LogOutputStream lines(java.util.function.Consumer<String> sink) {
    return new LogOutputStream() {
      @Override
      protected void processLine(String line) {
        sink.accept(line);
      }
    };
  }
}
