package dev.autopilot.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted stand-in for the Anthropic Messages API, for running the real Claude Code CLI. It
 * picks the next step from how many tool results the conversation already holds, and the script
 * from a marker in the prompt: {@code [model:edit]} writes a file, tries a denied {@code git
 * commit}, then summarises; {@code [model:blocked]} asks a question.
 */
final class ScriptedModel implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCRIPT = Pattern.compile("\\[model:script-([a-z0-9-]+)\\]");
  private static final Pattern CWD = Pattern.compile("[Ww]orking directory: ([^\\s\\\\\"]+)");

  private final HttpServer server;
  private final java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.Map<String, java.util.List<String>> scripts =
      new java.util.concurrent.ConcurrentHashMap<>();

  ScriptedModel() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /**
   * A script of Bash commands for prompts marked {@code [model:script-NAME]}: one tool call per
   * command, then a summary.
   */
  void script(String name, java.util.List<String> commands) {
    scripts.put(name, java.util.List.copyOf(commands));
  }

  /** Every request body received so far: the conversation, tool results included. */
  java.util.List<String> received() {
    return received;
  }

  /** Every request's method and path (query included) so far, whatever its method. */
  java.util.List<String> requests() {
    return requests;
  }

  /** Every API key presented so far. */
  java.util.List<String> keys() {
    return keys;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      if (!"POST".equals(ex.getRequestMethod())) {
        respond(ex, "application/json", "{}");
        return;
      }
      byte[] raw = ex.getRequestBody().readAllBytes();
      received.add(new String(raw, StandardCharsets.UTF_8));
      String key = ex.getRequestHeaders().getFirst("x-api-key");
      if (key != null) {
        keys.add(key);
      }
      JsonNode body = JSON.readTree(raw);
      if (ex.getRequestURI().getPath().endsWith("/count_tokens")) {
        respond(ex, "application/json", "{\"input_tokens\":10}");
        return;
      }
      String text = body.toString();
      if (!body.has("tools")) {
        stream(ex, body, textBlock("Autopilot task"), "end_turn");
        return;
      }
      int results = text.split("\"tool_result\"", -1).length - 1;
      Matcher cwd = CWD.matcher(text);
      String dir = cwd.find() ? cwd.group(1) : ".";
      Matcher scripted = SCRIPT.matcher(text);
      if (scripted.find() && scripts.containsKey(scripted.group(1))) {
        java.util.List<String> steps = scripts.get(scripted.group(1));
        if (results < steps.size()) {
          ObjectNode input =
              JSON.createObjectNode()
                  .put("command", steps.get(results))
                  .put("description", "step " + results);
          stream(ex, body, toolBlock("toolu_s" + results, "Bash", input), "tool_use");
        } else {
          stream(ex, body, textBlock("Collected what I could."), "end_turn");
        }
      } else if (text.contains("[model:outside]")) {
        outside(ex, body, results);
      } else if (text.contains("[model:resume]")) {
        resume(ex, body, text, dir, results);
      } else if (text.contains("[model:blocked]")) {
        stream(
            ex, body, textBlock("BLOCKED: Should the greeting be formal or casual?"), "end_turn");
      } else if (results == 0) {
        ObjectNode input =
            JSON.createObjectNode()
                .put("file_path", dir + "/hello.txt")
                .put("content", "hello from the model\n");
        stream(ex, body, toolBlock("toolu_1", "Write", input), "tool_use");
      } else if (results == 1) {
        ObjectNode input =
            JSON.createObjectNode()
                .put("command", "git commit -am wip")
                .put("description", "commit");
        stream(ex, body, toolBlock("toolu_2", "Bash", input), "tool_use");
      } else {
        stream(ex, body, textBlock("Created hello.txt with a greeting."), "end_turn");
      }
    }
  }

  /** Where {@code [model:outside]} tries to write: outside every worktree. */
  static final java.nio.file.Path OUTSIDE =
      java.nio.file.Path.of(
          System.getProperty("java.io.tmpdir"), "autopilot-outside-" + System.nanoTime() + ".txt");

  private static void outside(HttpExchange ex, JsonNode body, int results) throws IOException {
    if (results == 0) {
      ObjectNode input =
          JSON.createObjectNode().put("file_path", OUTSIDE.toString()).put("content", "escaped\n");
      stream(ex, body, toolBlock("toolu_o", "Write", input), "tool_use");
    } else {
      stream(ex, body, textBlock("I could not write outside the repository."), "end_turn");
    }
  }

  // Asks a question until the thread holds the answer; then writes whether it is continuing its
  // own earlier conversation (--resume: its BLOCKED turn is an assistant message) or starting
  // fresh (the question is only quoted in the prompt).
  private static void resume(HttpExchange ex, JsonNode body, String text, String dir, int results)
      throws IOException {
    if (!text.contains("ANSWER-formal")) {
      stream(ex, body, textBlock("BLOCKED: Formal or casual?"), "end_turn");
      return;
    }
    boolean resumed = false;
    for (JsonNode m : body.path("messages")) {
      resumed |= "assistant".equals(m.path("role").asText()) && m.toString().contains("BLOCKED:");
    }
    if (results == 0) {
      ObjectNode input =
          JSON.createObjectNode()
              .put("file_path", dir + "/session.txt")
              .put("content", (resumed ? "resumed" : "fresh") + "\n");
      stream(ex, body, toolBlock("toolu_r", "Write", input), "tool_use");
    } else {
      stream(ex, body, textBlock("Wrote session.txt."), "end_turn");
    }
  }

  private static ObjectNode textBlock(String text) {
    return JSON.createObjectNode().put("type", "text").put("text", text);
  }

  private static ObjectNode toolBlock(String id, String name, ObjectNode input) {
    ObjectNode block =
        JSON.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
    block.set("input", input);
    return block;
  }

  private static void stream(HttpExchange ex, JsonNode request, ObjectNode block, String stop)
      throws IOException {
    String model = request.path("model").asText("claude-sonnet-4-5");
    if (!request.path("stream").asBoolean(false)) {
      ObjectNode message =
          JSON.createObjectNode()
              .put("id", "msg_s")
              .put("type", "message")
              .put("role", "assistant")
              .put("model", model);
      message.putArray("content").add(block);
      message.put("stop_reason", stop);
      message.set("usage", JSON.createObjectNode().put("input_tokens", 10).put("output_tokens", 5));
      respond(ex, "application/json", message.toString());
      return;
    }
    StringBuilder sse = new StringBuilder();
    event(
        sse,
        "message_start",
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
            + model
            + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}");
    if ("tool_use".equals(block.path("type").asText())) {
      ObjectNode start = block.deepCopy();
      start.set("input", JSON.createObjectNode());
      event(
          sse,
          "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":" + start + "}");
      ObjectNode delta =
          JSON.createObjectNode()
              .put("type", "input_json_delta")
              .put("partial_json", block.get("input").toString());
      event(
          sse,
          "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":" + delta + "}");
    } else {
      event(
          sse,
          "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
      ObjectNode delta =
          JSON.createObjectNode().put("type", "text_delta").put("text", block.get("text").asText());
      event(
          sse,
          "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":" + delta + "}");
    }
    event(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
    event(
        sse,
        "message_delta",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
            + stop
            + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}");
    event(sse, "message_stop", "{\"type\":\"message_stop\"}");
    respond(ex, "text/event-stream", sse.toString());
  }

  private static void event(StringBuilder sse, String name, String data) {
    sse.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
  }

  private static void respond(HttpExchange ex, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
