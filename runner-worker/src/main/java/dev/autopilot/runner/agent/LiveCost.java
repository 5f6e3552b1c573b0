package dev.autopilot.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;

/**
 * A session's running cost, estimated from the token usage on each model message, for the spend
 * caps: the CLI states its own figure only at the end. Each message counts once (the stream repeats
 * a message's usage on every content block). Prices are list prices per million tokens; a model
 * this table does not know is priced as the dearest, so a cap stops early, not late.
 */
final class LiveCost {

  private record Price(double input, double output) {}

  private static final Price DEAREST = new Price(15, 75);
  private static final Pattern NEW_OPUS = Pattern.compile("opus-4-[5-9]|opus-[5-9]");

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
    Price p = price(model == null ? "" : model);
    double perToken = 1e-6;
    double cost =
        perToken
            * (p.input() * usage.path("input_tokens").asLong()
                + p.input() * 1.25 * usage.path("cache_creation_input_tokens").asLong()
                + p.input() * 0.1 * usage.path("cache_read_input_tokens").asLong()
                + p.output() * usage.path("output_tokens").asLong());
    if (cost > 0) {
      usd += cost;
      sink.accept(usd);
    }
  }

  private static Price price(String model) {
    if (model.contains("haiku")) {
      return new Price(1, 5);
    }
    if (model.contains("sonnet")) {
      return new Price(3, 15);
    }
    if (model.contains("opus") && NEW_OPUS.matcher(model).find()) {
      return new Price(5, 25);
    }
    return DEAREST;
  }
}
