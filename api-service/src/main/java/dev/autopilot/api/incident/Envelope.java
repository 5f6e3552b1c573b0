package dev.autopilot.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.problem.ProblemException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Sentry envelope: a JSON header line, then items, each a JSON header line and a payload (of
 * {@code length} bytes when the header says so, else up to the next newline). Only {@code event}
 * items are incidents; sessions, transactions, client reports and attachments are read past. At
 * most one {@code event} item, as Sentry's relay accepts.
 *
 * @param eventId the header's {@code event_id}, used when the event itself has none
 * @param events the payload of the {@code event} item, if there is one
 */
record Envelope(String eventId, List<JsonNode> events) {

  static Envelope parse(byte[] body, ObjectMapper json) {
    Cursor at = new Cursor(body);
    JsonNode header = at.jsonLine(json, "envelope header");
    List<JsonNode> events = new ArrayList<>();
    while (at.more()) {
      JsonNode item = at.jsonLine(json, "item header");
      if (item == null) {
        continue; // a blank line between items
      }
      JsonNode length = item.path("length");
      byte[] payload = length.canConvertToInt() ? at.take(length.asInt()) : at.line();
      if ("event".equals(item.path("type").asText())) {
        if (!events.isEmpty()) {
          // As Sentry's relay (duplicate_item): each event opens a group, so one is all a request
          // may carry, and the rate limit counts requests that are events.
          throw new ProblemException(
              400,
              "duplicate-item",
              "More than one event",
              "An envelope holds at most one event item; send each event in its own envelope.");
        }
        try {
          JsonNode event = json.readTree(payload);
          if (event == null || !event.isObject()) {
            throw ProblemException.badRequest("An event item is not a JSON object.");
          }
          events.add(event);
        } catch (IOException e) {
          throw ProblemException.badRequest("An event item is not valid JSON.");
        }
      }
    }
    String id = header == null ? null : header.path("event_id").asText(null);
    return new Envelope(id, events);
  }

  /** Reads the envelope's lines and sized payloads. */
  private static final class Cursor {
    private final byte[] body;
    private int pos;

    Cursor(byte[] body) {
      this.body = body;
    }

    boolean more() {
      return pos < body.length;
    }

    byte[] line() {
      int end = pos;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      byte[] line = Arrays.copyOfRange(body, pos, end);
      pos = Math.min(body.length, end + 1);
      return line;
    }

    byte[] take(int length) {
      if (length < 0 || length > body.length - pos) {
        throw ProblemException.badRequest("An item's length runs past the end of the envelope.");
      }
      byte[] payload = Arrays.copyOfRange(body, pos, pos + length);
      pos += length;
      if (pos < body.length && body[pos] == '\n') {
        pos++;
      }
      return payload;
    }

    JsonNode jsonLine(ObjectMapper json, String what) {
      byte[] line = line();
      if (new String(line, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
        return null;
      }
      try {
        JsonNode node = json.readTree(line);
        if (node == null || !node.isObject()) {
          throw ProblemException.badRequest("The " + what + " is not a JSON object.");
        }
        return node;
      } catch (IOException e) {
        throw ProblemException.badRequest("The " + what + " is not valid JSON.");
      }
    }
  }
}
