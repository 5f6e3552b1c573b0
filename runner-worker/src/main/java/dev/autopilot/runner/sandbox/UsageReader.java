package dev.autopilot.runner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the usage out of one model response as it passes through the gateway, a server-sent event
 * stream or a JSON body, and adds it to the run's {@link Meter}. A stream is charged as its usage
 * grows, so a stream cut short is still charged for what it carried.
 */
final class UsageReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LINE = 16 * 1024 * 1024;

  private final ModelProtocol protocol;
  private final boolean stream;
  private final Meter meter;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean overflow;
  private String model;
  private ObjectNode usage = JSON.createObjectNode();
  private long chargedInput;
  private long chargedOutput;
  private double chargedUsd;

  UsageReader(ModelProtocol protocol, String contentType, String requestModel, Meter meter) {
    this.protocol = protocol;
    this.stream = contentType != null && contentType.startsWith("text/event-stream");
    this.model = requestModel;
    this.meter = meter;
  }

  void bytes(byte[] chunk) {
    if (!stream) {
      append(chunk, 0, chunk.length);
      return;
    }
    int start = 0;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] == '\n') {
        append(chunk, start, i - start);
        line();
        start = i + 1;
      }
    }
    append(chunk, start, chunk.length - start);
  }

  void end() {
    if (stream) {
      line();
    } else if (!overflow && pending.size() > 0) {
      JsonNode body = parse(pending.toByteArray());
      if (body != null) {
        update(body.path("model").asText(model), body.path("usage"), true);
      }
    }
  }

  private void append(byte[] b, int off, int len) {
    if (pending.size() + len > MAX_LINE) {
      overflow = true;
    } else if (!overflow) {
      pending.write(b, off, len);
    }
  }

  private void line() {
    byte[] raw = pending.toByteArray();
    boolean cut = overflow;
    pending.reset();
    overflow = false;
    if (cut || raw.length < 6 || raw[0] != 'd' || !new String(raw, 0, 5).equals("data:")) {
      return;
    }
    String data = new String(raw, 5, raw.length - 5, StandardCharsets.UTF_8);
    if (!data.contains("\"usage\"")) {
      return;
    }
    JsonNode event = parse(data.getBytes(StandardCharsets.UTF_8));
    if (event == null) {
      return;
    }
    switch (event.path("type").asText()) {
      case "message_start" -> {
        JsonNode message = event.path("message");
        model = message.path("model").asText(model);
        usage = JSON.createObjectNode();
        chargedInput = chargedOutput = 0;
        chargedUsd = 0;
        update(model, message.path("usage"), false);
      }
      case "message_delta" -> update(model, event.path("usage"), false);
      case "response.completed", "response.incomplete", "response.failed" -> {
        JsonNode response = event.path("response");
        update(response.path("model").asText(model), response.path("usage"), true);
      }
      default -> {}
    }
  }

  // Anthropic's stream repeats counts cumulatively: the latest figure of each field stands.
  private void update(String model, JsonNode fields, boolean whole) {
    if (!fields.isObject()) {
      return;
    }
    if (whole) {
      usage = JSON.createObjectNode();
      chargedInput = chargedOutput = 0;
      chargedUsd = 0;
    }
    fields.fields().forEachRemaining(f -> usage.set(f.getKey(), f.getValue()));
    long input;
    long output = usage.path("output_tokens").asLong();
    double usd;
    if (protocol == ModelProtocol.OPENAI) {
      input = usage.path("input_tokens").asLong();
      usd = ModelPrices.openai(model, usage);
    } else {
      input =
          usage.path("input_tokens").asLong()
              + usage.path("cache_creation_input_tokens").asLong()
              + usage.path("cache_read_input_tokens").asLong();
      usd = ModelPrices.anthropic(model, usage);
    }
    if (usd < chargedUsd) {
      return; // a figure never shrinks: the provider does not refund a stream's tokens
    }
    meter.add(input - chargedInput, output - chargedOutput, usd - chargedUsd);
    chargedInput = input;
    chargedOutput = output;
    chargedUsd = usd;
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }
}
