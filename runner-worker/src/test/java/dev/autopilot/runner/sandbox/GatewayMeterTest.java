package dev.autopilot.runner.sandbox;

import static dev.autopilot.runner.sandbox.GatewayHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.agent.AdapterModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a run costs is what the model's responses say, and one run cannot stall another. */
class GatewayMeterTest {

  private static final String STREAM =
      "event: message_start\n"
          + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":"
          + "\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":1,"
          + "\"cache_read_input_tokens\":10000,\"cache_creation_input_tokens\":2000}}}\n\n"
          + "event: content_block_delta\n"
          + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
          + "\"text\":\"the usage is 10^9\"}}\n\n"
          + "event: message_delta\n"
          + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
          + "\"usage\":{\"output_tokens\":500}}\n\n"
          + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  private GatewayHarness h;

  @BeforeEach
  void start() throws Exception {
    h =
        new GatewayHarness(
            Map.of(
                "autopilot.gateway.pool-per-run", "2", "autopilot.gateway.response-timeout", "2s"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void theMeterCountsTheProvidersUsageInAStreamAndInAJsonBody() throws Exception {
    List<Double> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (EgressGateway.Registration grant =
        h.gateway.register(
            Map.of("ANTHROPIC_API_KEY", "sk-real"),
            h.base(""),
            AdapterModels.claude(),
            10,
            heard::add)) {
      String key = grant.placeholders().get("ANTHROPIC_API_KEY");
      h.answer = ex -> GatewayHarness.reply(ex, 200, "text/event-stream", STREAM);
      String streamed = h.exchange(request("POST", "/v1/messages", key, "", "{\"stream\":true}"));
      assertTrue(streamed.contains("the usage is 10^9"), "the stream reaches the agent whole");
      // Sonnet: $3 in, $15 out per million; cache writes 1.25x, reads 0.1x of the input price.
      double sonnet = (1000 * 3 + 2000 * 3.75 + 10000 * 0.3 + 500 * 15) / 1e6;
      assertEquals(sonnet, grant.meter().costUsd(), 1e-9);
      assertEquals(13_500, grant.meter().tokens());

      h.answer =
          ex ->
              GatewayHarness.reply(
                  ex,
                  200,
                  "application/json",
                  "{\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":100,"
                      + "\"output_tokens\":20}}");
      h.exchange(request("POST", "/v1/messages", key, "", "{}"));
      assertEquals(sonnet + (100 * 1 + 20 * 5) / 1e6, grant.meter().costUsd(), 1e-9);
      assertEquals(grant.meter().costUsd(), heard.get(heard.size() - 1), 1e-12);

      h.answer = ex -> GatewayHarness.reply(ex, 200, "application/json", "{\"input_tokens\":9}");
      h.exchange(request("POST", "/v1/messages/count_tokens", key, "", "{}"));
      assertEquals(3, grant.meter().calls());
      assertEquals(sonnet + 200 / 1e6, grant.meter().costUsd(), 1e-9, "counting tokens is free");
    }
  }

  @Test
  void openAiUsageIsReadFromTheCompletedResponse() throws Exception {
    try (EgressGateway.Registration grant = h.grant(AdapterModels.codex(), 10)) {
      String key = grant.placeholders().get("ANTHROPIC_API_KEY");
      h.answer =
          ex ->
              GatewayHarness.reply(
                  ex,
                  200,
                  "text/event-stream",
                  "event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                      + "event: response.completed\ndata: {\"type\":\"response.completed\","
                      + "\"response\":{\"model\":\"gpt-5-codex\",\"usage\":{\"input_tokens\":"
                      + "10000,\"input_tokens_details\":{\"cached_tokens\":8000},"
                      + "\"output_tokens\":1000}}}\n\n");
      h.exchange(request("POST", "/responses", key, "", "{\"stream\":true}"));
      assertEquals((2000 * 1.25 + 8000 * 0.125 + 1000 * 10) / 1e6, grant.meter().costUsd(), 1e-9);
    }
  }

  @Test
  void aRunWhoseStreamsStallHoldsOnlyItsOwnPoolAndTheyTimeOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    h.answer =
        ex -> {
          if (ex.getRequestURI().getQuery() != null) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          GatewayHarness.reply(ex, 200, "application/json", "{}");
        };
    try (EgressGateway.Registration stalled = h.grant(AdapterModels.claude(), 100);
        EgressGateway.Registration other = h.grant(AdapterModels.claude(), 100)) {
      String s = stalled.placeholders().get("ANTHROPIC_API_KEY");
      List<CompletableFuture<Integer>> hung = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        hung.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return h.status(request("POST", "/v1/messages?beta=true", s, "", "{}"));
                  } catch (Exception e) {
                    return -1;
                  }
                }));
      }
      Thread.sleep(500);
      long start = System.nanoTime();
      String o = other.placeholders().get("ANTHROPIC_API_KEY");
      assertEquals(200, h.status(request("POST", "/v1/messages", o, "", "{}")));
      assertTrue(
          Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500,
          "another run's request waited for the stalled run's connections");
      // The stalled ones end with the response timeout (2 s), not with the upstream.
      for (CompletableFuture<Integer> f : hung) {
        int status = f.get(40, TimeUnit.SECONDS);
        assertTrue(status == 502 || status == -1, "a stalled stream ended with " + status);
      }
      release.countDown();
    }
  }
}
