package dev.autopilot.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads {@code codex exec --json} output (NDJSON: {@code thread.started}, {@code item.*}, {@code
 * turn.completed|failed}, {@code error}) into progress events and the facts of the run's end.
 * Unknown types and fields are ignored.
 */
final class CodexJson {

  private final Consumer<AgentEvent> events;
  final List<String> denials = new ArrayList<>();
  String threadId;
  String lastMessage;
  String error;
  boolean completed;
  boolean failed;
  int turns;
  long tokens;

  CodexJson(Consumer<AgentEvent> events) {
    this.events = events;
  }

  void line(String line) {
    JsonNode node = JsonLines.object(line);
    if (node == null) {
      return;
    }
    switch (node.path("type").asText()) {
      case "thread.started" -> {
        threadId = node.path("thread_id").asText(null);
        emit("system", "session started");
      }
      case "item.completed" -> item(node.path("item"));
      case "turn.completed" -> {
        completed = true;
        turns++;
        JsonNode usage = node.path("usage");
        tokens += usage.path("input_tokens").asLong(0) + usage.path("output_tokens").asLong(0);
      }
      case "turn.failed" -> {
        failed = true;
        error = node.path("error").path("message").asText("turn failed");
        emit("error", error);
      }
      case "error" -> {
        error = node.path("message").asText("error");
        emit("error", error);
      }
      default -> {}
    }
  }

  /** True when the failure text says the credentials were refused. */
  boolean authFailed() {
    String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
    return e.contains("401") || e.contains("unauthorized") || e.contains("api key");
  }

  private void item(JsonNode item) {
    switch (item.path("type").asText()) {
      case "agent_message" -> {
        lastMessage = item.path("text").asText("");
        emit("text", lastMessage);
      }
      case "command_execution" -> {
        String command = item.path("command").asText();
        String status = item.path("status").asText();
        if ("declined".equals(status)) {
          denials.add("Bash " + command);
          emit("denied", "Bash " + command + " denied");
        } else {
          emit("tool", "Bash " + command + " (exit " + item.path("exit_code").asText("?") + ")");
        }
      }
      case "file_change" -> {
        List<String> paths = new ArrayList<>();
        item.path("changes")
            .forEach(c -> paths.add(c.path("kind").asText("edit") + " " + c.path("path").asText()));
        emit("failed".equals(item.path("status").asText()) ? "error" : "tool", "Edit " + paths);
      }
      case "mcp_tool_call", "web_search" -> emit("tool", item.path("type").asText());
      case "error" -> emit("error", item.path("message").asText());
      default -> {}
    }
  }

  private void emit(String kind, String text) {
    events.accept(JsonLines.event(kind, text));
  }
}
