package dev.autopilot.runner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * List prices per million tokens, for the spend caps. A model this table does not know is priced as
 * the dearest, so a cap stops a run early, never late.
 */
public final class ModelPrices {

  /** USD per million input and output tokens. */
  record Price(double input, double output) {}

  private static final Price DEAREST = new Price(15, 75);
  private static final Pattern NEW_OPUS = Pattern.compile("opus-4-[5-9]|opus-[5-9]");
  private static final double PER_TOKEN = 1e-6;

  private ModelPrices() {}

  /**
   * What an Anthropic {@code usage} object costs: cache writes at 1.25 times the input price, cache
   * reads at a tenth of it.
   */
  public static double anthropic(String model, JsonNode usage) {
    Price p = price(model == null ? "" : model);
    return PER_TOKEN
        * (p.input() * usage.path("input_tokens").asLong()
            + p.input() * 1.25 * usage.path("cache_creation_input_tokens").asLong()
            + p.input() * 0.1 * usage.path("cache_read_input_tokens").asLong()
            + p.output() * usage.path("output_tokens").asLong());
  }

  /**
   * What an OpenAI Responses {@code usage} object costs: its input count includes the cached
   * tokens, which cost a tenth.
   */
  public static double openai(String model, JsonNode usage) {
    Price p = price(model == null ? "" : model);
    long input = usage.path("input_tokens").asLong();
    long cached =
        Math.min(input, usage.path("input_tokens_details").path("cached_tokens").asLong());
    return PER_TOKEN
        * (p.input() * (input - cached)
            + p.input() * 0.1 * cached
            + p.output() * usage.path("output_tokens").asLong());
  }

  static Price price(String model) {
    String m = model.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("haiku")) {
      return new Price(1, 5);
    }
    if (m.contains("sonnet")) {
      return new Price(3, 15);
    }
    if (m.contains("opus") && NEW_OPUS.matcher(m).find()) {
      return new Price(5, 25);
    }
    if (m.startsWith("gpt-5") && m.contains("nano")) {
      return new Price(0.05, 0.4);
    }
    if (m.startsWith("gpt-5") && m.contains("mini")) {
      return new Price(0.25, 2);
    }
    if (m.startsWith("gpt-5") && !m.contains("pro")) {
      return new Price(1.25, 10);
    }
    return DEAREST;
  }
}
