package dev.autopilot.runner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a model request may ask the provider to do. A provider-side tool runs on the provider's
 * machines, past the sandbox's allow-list: web fetch and search, code execution, an MCP connector
 * to any server, a document or image fetched from a URL, a background response that keeps billing
 * after the run. So a model request may carry only tools the agent's own CLI executes, and only the
 * beta features the CLI needs.
 */
final class ModelRequestPolicy {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tool types executed by the CLI itself, inside the sandbox. */
  private static final Set<String> ANTHROPIC_TOOLS = Set.of("custom");

  private static final Set<String> OPENAI_TOOLS = Set.of("function", "custom", "local_shell");

  /** Request fields that make the provider act outside the sandbox. */
  private static final Set<String> ANTHROPIC_FIELDS = Set.of("mcp_servers", "container");

  private static final Set<String> OPENAI_FIELDS = Set.of("background");

  private final Set<String> allowedBetas;

  ModelRequestPolicy(List<String> allowedBetas) {
    this.allowedBetas =
        Set.copyOf(allowedBetas.stream().map(b -> b.strip().toLowerCase(Locale.ROOT)).toList());
  }

  /** The refusal of the {@code anthropic-beta} header values, or null when all are listed. */
  String betas(List<String> headerValues) {
    for (String header : headerValues) {
      for (String beta : header.split(",")) {
        String b = beta.strip().toLowerCase(Locale.ROOT);
        if (!b.isEmpty() && !allowedBetas.contains(b)) {
          return "the anthropic-beta feature '"
              + b
              + "' is not allowed (autopilot.gateway.allowed-betas)";
        }
      }
    }
    return null;
  }

  /** A checked request body. */
  record Checked(String refusal, String model) {}

  /** Parses and checks a model request body. */
  Checked body(ModelProtocol protocol, byte[] body) {
    if (protocol == ModelProtocol.NONE) {
      return new Checked("no model API", null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return new Checked("the model request is not JSON", null);
    }
    if (root == null || !root.isObject()) {
      return new Checked("the model request is not a JSON object", null);
    }
    boolean openai = protocol == ModelProtocol.OPENAI;
    for (String field : openai ? OPENAI_FIELDS : ANTHROPIC_FIELDS) {
      JsonNode value = root.get(field);
      if (value != null && !value.isNull() && !(value.isBoolean() && !value.asBoolean())) {
        return new Checked("'" + field + "' makes the provider act outside the sandbox", null);
      }
    }
    Set<String> allowedTools = openai ? OPENAI_TOOLS : ANTHROPIC_TOOLS;
    for (JsonNode tool : root.path("tools")) {
      String type = tool.path("type").asText("custom");
      if (!allowedTools.contains(type)) {
        return new Checked("the provider-side tool '" + type + "' is not allowed", null);
      }
    }
    String fetched = fetchedUrl(root);
    if (fetched != null) {
      return new Checked("content the provider would fetch from a URL (" + fetched + ")", null);
    }
    return new Checked(null, root.path("model").asText(null));
  }

  // A content source of type "url" (Anthropic) or an image_url / file_url that is not inline
  // data (OpenAI): the provider would fetch it, a way out to any host.
  private static String fetchedUrl(JsonNode root) {
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node.isObject()) {
        JsonNode source = node.get("source");
        if (source != null && "url".equals(source.path("type").asText())) {
          return "source " + source.path("url").asText();
        }
        for (String key : List.of("image_url", "file_url")) {
          JsonNode url = node.get(key);
          String text =
              url == null ? null : url.isTextual() ? url.asText() : url.path("url").asText(null);
          if (text != null && !text.startsWith("data:")) {
            return key;
          }
        }
      }
      if (node.isContainerNode()) {
        node.forEach(todo::push);
      }
    }
    return null;
  }
}
