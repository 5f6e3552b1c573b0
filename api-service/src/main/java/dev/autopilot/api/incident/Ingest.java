package dev.autopilot.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Sentry ingest protocol: the envelope and the legacy store body, read within their caps,
 * parsed, charged to the key's rate by events and bytes, and the error event queued for recording.
 * Answers with the event id, as Sentry does, once the events are committed.
 */
@ApplicationScoped
public class Ingest {

  /** The answer body: the id of the (first) event. */
  public record Accepted(String id) {}

  private final IncidentWriter writer;
  private final IngestLimiter limiter;
  private final IncidentConfig config;
  private final ObjectMapper json;

  public Ingest(
      IncidentWriter writer, IngestLimiter limiter, IncidentConfig config, ObjectMapper json) {
    this.writer = writer;
    this.limiter = limiter;
    this.config = config;
    this.json = json;
  }

  /** {@code POST /api/{project}/envelope/}. */
  public CompletionStage<Accepted> envelope(
      IncidentProjectRepository.Grant grant, InputStream in, String length, String encoding) {
    long projectId = grant.projectId();
    byte[] body = read(in, length, encoding);
    Envelope envelope = Envelope.parse(body, json);
    charge(grant, envelope.events().size(), body.length);
    List<CompletableFuture<?>> stored = new ArrayList<>();
    String first = envelope.eventId();
    for (JsonNode node : envelope.events()) {
      SentryEvent event = SentryEvent.parse(node, envelope.eventId());
      stored.add(submit(projectId, event, node).toCompletableFuture());
      first = first == null ? hex(event.eventId()) : first;
    }
    Accepted accepted = new Accepted(first == null ? hex(UUID.randomUUID()) : first);
    return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new))
        .thenApply(done -> accepted);
  }

  /** {@code POST /api/{project}/store/}: one event as the body. */
  public CompletionStage<Accepted> store(
      IncidentProjectRepository.Grant grant, InputStream in, String length, String encoding) {
    long projectId = grant.projectId();
    JsonNode node;
    try {
      byte[] body = IngestBody.legacyStore(read(in, length, encoding), config);
      charge(grant, 1, body.length);
      node = json.readTree(body);
    } catch (IOException e) {
      throw ProblemException.badRequest("The event is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      throw ProblemException.badRequest("The event is not a JSON object.");
    }
    SentryEvent event = SentryEvent.parse(node, null);
    return submit(projectId, event, node).thenApply(done -> new Accepted(hex(event.eventId())));
  }

  private CompletionStage<IncidentService.Recorded> submit(
      long projectId, SentryEvent event, JsonNode node) {
    String payload;
    try {
      payload = new String(json.writeValueAsBytes(node), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ProblemException.badRequest("The event cannot be stored as JSON.");
    }
    return writer.submit(new IncidentService.Ingested(projectId, event, payload));
  }

  // The rest of the request's price: its events and bytes (the request took one token already).
  private void charge(IncidentProjectRepository.Grant grant, int events, int bytes) {
    int more = limiter.priceAfterRead(events, bytes);
    if (more > 0) {
      limiter.require(grant.keyId(), more);
    }
  }

  private byte[] read(InputStream in, String length, String encoding) {
    try {
      return IngestBody.read(in, length, encoding, config);
    } catch (IOException e) {
      // The client went away or sent a broken body: its problem, not an incident of ours.
      throw ProblemException.badRequest("The request body could not be read.");
    }
  }

  private static String hex(UUID id) {
    return id.toString().replace("-", "");
  }
}
