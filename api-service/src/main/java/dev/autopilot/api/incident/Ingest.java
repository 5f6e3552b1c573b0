package dev.autopilot.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Sentry ingest protocol: the envelope and the legacy store body, read within their caps,
 * parsed, and each error event recorded. Answers with the event id, as Sentry does.
 */
@ApplicationScoped
public class Ingest {

  /** The answer body: the id of the (first) event. */
  public record Accepted(String id) {}

  private final IncidentService incidents;
  private final IncidentConfig config;
  private final ObjectMapper json;

  public Ingest(IncidentService incidents, IncidentConfig config, ObjectMapper json) {
    this.incidents = incidents;
    this.config = config;
    this.json = json;
  }

  /** {@code POST /api/{project}/envelope/}. */
  public Accepted envelope(long projectId, InputStream in, String length, String encoding)
      throws IOException {
    byte[] body = IngestBody.read(in, length, encoding, config);
    Envelope envelope = Envelope.parse(body, json);
    String first = envelope.eventId();
    for (JsonNode event : envelope.events()) {
      UUID id = record(projectId, event, envelope.eventId());
      first = first == null ? hex(id) : first;
    }
    return new Accepted(first == null ? hex(UUID.randomUUID()) : first);
  }

  /** {@code POST /api/{project}/store/}: one event as the body. */
  public Accepted store(long projectId, InputStream in, String length, String encoding)
      throws IOException {
    byte[] body = IngestBody.legacyStore(IngestBody.read(in, length, encoding, config), config);
    JsonNode event;
    try {
      event = json.readTree(body);
    } catch (IOException e) {
      throw ProblemException.badRequest("The event is not valid JSON.");
    }
    if (event == null || !event.isObject()) {
      throw ProblemException.badRequest("The event is not a JSON object.");
    }
    return new Accepted(hex(record(projectId, event, null)));
  }

  private UUID record(long projectId, JsonNode node, String envelopeId) throws IOException {
    SentryEvent event = SentryEvent.parse(node, envelopeId);
    String payload = new String(json.writeValueAsBytes(node), StandardCharsets.UTF_8);
    incidents.record(projectId, event, payload);
    return event.eventId();
  }

  private static String hex(UUID id) {
    return id.toString().replace("-", "");
  }
}
