package dev.autopilot.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the agent CLIs' line-delimited JSON parsers share: reading a line, sizing an event. */
final class JsonLines {

  private static final int MAX_EVENT = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** The line as a JSON object, or null when it is anything else (noise on stdout). */
  static JsonNode object(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** A progress event, its text cut to a size the live view can hold. */
  static AgentEvent event(String kind, String text) {
    return new AgentEvent(
        kind, text.length() > MAX_EVENT ? text.substring(0, MAX_EVENT) + "…" : text);
  }
}
