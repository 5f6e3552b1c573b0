package dev.autopilot.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autopilot.runner.sandbox.ModelPrices;
import java.util.HashSet;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * A session's running cost as the CLI's stream states it, for the spend caps of a runner without
 * the sandbox (inside it, the gateway meters the model's own responses instead). Each message
 * counts once: the stream repeats a message's usage on every content block.
 */
final class LiveCost {

  private final DoubleConsumer sink;
  private final Set<String> seen = new HashSet<>();
  private double usd;

  LiveCost(DoubleConsumer sink) {
    this.sink = sink;
  }

  /** An assistant message: its id, model and usage. */
  void message(String id, String model, JsonNode usage) {
    if (id == null || id.isEmpty() || usage.isMissingNode() || !seen.add(id)) {
      return;
    }
    double cost = ModelPrices.anthropic(model, usage);
    if (cost > 0) {
      usd += cost;
      sink.accept(usd);
    }
  }
}
