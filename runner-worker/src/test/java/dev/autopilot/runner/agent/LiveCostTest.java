package dev.autopilot.runner.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live cost estimate from stream-json usage, without a container. */
class LiveCostTest {

  private static String assistant(String id, String model, int in, int out, int cacheRead) {
    return """
        {"type":"assistant","message":{"id":"%s","model":"%s","content":[{"type":"text","text":"x"}],\
        "usage":{"input_tokens":%d,"output_tokens":%d,"cache_creation_input_tokens":0,\
        "cache_read_input_tokens":%d}},"session_id":"s"}"""
        .formatted(id, model, in, out, cacheRead);
  }

  @Test
  void eachMessageCountsOnceAtItsModelsPrice() {
    List<Double> seen = new ArrayList<>();
    StreamJson stream = new StreamJson(e -> {}, seen::add);
    // Sonnet: $3 in, $15 out, cache reads at a tenth of input, per million tokens.
    stream.line(assistant("m1", "claude-sonnet-4-5", 100_000, 10_000, 1_000_000));
    stream.line(assistant("m1", "claude-sonnet-4-5", 100_000, 10_000, 1_000_000)); // same message
    stream.line(assistant("m2", "claude-haiku-4-5", 1_000_000, 0, 0));
    assertEquals(2, seen.size());
    assertEquals(0.3 + 0.15 + 0.3, seen.get(0), 1e-9);
    assertEquals(0.75 + 1.0, seen.get(1), 1e-9);
  }

  @Test
  void anUnknownModelIsPricedAsTheDearest() {
    List<Double> seen = new ArrayList<>();
    StreamJson stream = new StreamJson(e -> {}, seen::add);
    stream.line(assistant("m1", "some-future-model", 0, 1_000_000, 0));
    assertEquals(75.0, seen.get(0), 1e-9);
    stream.line("{\"type\":\"assistant\",\"message\":{\"content\":[]}}"); // no id, no usage
    assertEquals(1, seen.size());
  }
}
