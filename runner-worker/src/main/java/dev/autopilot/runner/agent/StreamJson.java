package dev.autopilot.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Reads Claude Code's {@code stream-json} output line by line: turns it into progress events and
 * keeps the final {@code result}. Unknown types and fields are ignored (new CLI versions add them).
 */
final class StreamJson {

  private final Consumer<AgentEvent> events;
  final List<String> denials = new ArrayList<>();
  JsonNode result;
  String sessionId;

  private final LiveCost cost;

  StreamJson(Consumer<AgentEvent> events) {
    this(events, c -> {});
  }

  StreamJson(Consumer<AgentEvent> events, DoubleConsumer costs) {
    this.events = events;
    this.cost = new LiveCost(costs);
  }

  void line(String line) {
    JsonNode node = JsonLines.object(line);
    if (node == null) {
      return;
    }
    if (node.hasNonNull("session_id")) {
      sessionId = node.get("session_id").asText();
    }
    switch (node.path("type").asText()) {
      case "system" -> system(node);
      case "assistant" -> {
        JsonNode message = node.path("message");
        cost.message(
            message.path("id").asText(null),
            message.path("model").asText(null),
            message.path("usage"));
        assistant(message.path("content"));
      }
      case "user" -> toolResults(node.path("message").path("content"));
      case "result" -> {
        result = node;
        for (JsonNode d : node.path("permission_denials")) {
          denials.add(d.path("tool_name").asText() + " " + d.path("tool_input").toString());
        }
      }
      default -> {}
    }
  }

  private void system(JsonNode node) {
    String subtype = node.path("subtype").asText();
    if ("init".equals(subtype)) {
      emit("system", "session started (model " + node.path("model").asText("?") + ")");
    } else if ("permission_denied".equals(subtype)) {
      emit("denied", node.path("tool_name").asText("tool") + " denied");
    } else if ("api_retry".equals(subtype)) {
      emit("system", "model API retry");
    }
  }

  private void assistant(JsonNode content) {
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> emit("text", block.path("text").asText());
        case "tool_use" ->
            emit("tool", block.path("name").asText() + " " + block.path("input").toString());
        default -> {}
      }
    }
  }

  private void toolResults(JsonNode content) {
    for (JsonNode block : content) {
      if ("tool_result".equals(block.path("type").asText()) && block.path("is_error").asBoolean()) {
        String text =
            block.path("content").isTextual()
                ? block.path("content").asText()
                : block.path("content").toString();
        emit(text.toLowerCase().contains("permission") ? "denied" : "error", text);
      }
    }
  }

  private void emit(String kind, String text) {
    events.accept(JsonLines.event(kind, text));
  }
}
