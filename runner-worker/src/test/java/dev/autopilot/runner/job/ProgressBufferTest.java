package dev.autopilot.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.runner.agent.AgentEvent;
import dev.autopilot.runner.api.RunnerApi;
import dev.autopilot.runner.api.StandInApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live log survives an api-service outage: kept, resent in order, bounded and counted. */
@QuarkusTest
@WithTestResource(value = StandInApi.class)
class ProgressBufferTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject RunnerApi api;

  @BeforeEach
  void reset() {
    StandInApi.reset();
  }

  @Test
  void linesSentDuringAnOutageArriveOnceInOrderWhenItIsBack() throws Exception {
    // The api-service answers 503 five times (a restart), then takes everything.
    for (int i = 0; i < 5; i++) {
      StandInApi.progressAnswers.add(503);
    }
    try (ProgressBuffer buffer = new ProgressBuffer(api, "c1", 7)) {
      for (int i = 0; i < 1200; i++) {
        buffer.add(new AgentEvent("text", "line " + i));
        if (i % 100 == 0) {
          Thread.sleep(60);
        }
      }
      buffer.drain(Duration.ofSeconds(30));
      assertEquals(0, buffer.dropped());
    }
    List<Long> seqs = new ArrayList<>();
    for (String body : StandInApi.progress) {
      JsonNode batch = JSON.readTree(body);
      long first = batch.get("first_seq").asLong();
      for (int i = 0; i < batch.get("events").size(); i++) {
        assertEquals("line " + (first + i), batch.get("events").get(i).get("text").asText());
        seqs.add(first + i);
      }
    }
    assertEquals(1200, seqs.size(), "every line once: " + seqs.size());
    for (int i = 0; i < seqs.size(); i++) {
      assertEquals(i, seqs.get(i), "in order");
    }
  }

  @Test
  void whenTheBoundIsHitTheOldestAreDroppedAndCounted() throws Exception {
    for (int i = 0; i < 1000; i++) {
      StandInApi.progressAnswers.add(503);
    }
    ProgressBuffer buffer = new ProgressBuffer(api, "c1", 7, 5);
    for (int i = 0; i < 12; i++) {
      buffer.add(new AgentEvent("text", "line " + i));
    }
    assertEquals(7, buffer.dropped());
    StandInApi.progressAnswers.clear(); // back
    buffer.drain(Duration.ofSeconds(10));
    buffer.close();
    JsonNode batch = JSON.readTree(StandInApi.progress.get(StandInApi.progress.size() - 1));
    assertEquals(7, batch.get("first_seq").asLong());
    assertEquals(7, batch.get("dropped").asLong());
    assertEquals("line 11", batch.get("events").get(4).get("text").asText());
  }

  @Test
  void aCancelledClaimStopsSendingAndKeepsNothing() {
    StandInApi.progressAnswers.add(410);
    ProgressBuffer buffer = new ProgressBuffer(api, "c1", 7);
    buffer.add(new AgentEvent("text", "a"));
    buffer.drain(Duration.ofSeconds(5));
    buffer.add(new AgentEvent("text", "b"));
    buffer.close();
    assertEquals(0, StandInApi.progress.size(), "nothing after the claim ended");
  }
}
