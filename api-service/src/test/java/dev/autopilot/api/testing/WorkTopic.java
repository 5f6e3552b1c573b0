package dev.autopilot.api.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code autopilot.work} from the real broker, as a runner's consumer would. */
public final class WorkTopic implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;

  public WorkTopic() {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                KafkaResource.broker().bootstrapServers(),
                "group.id",
                "test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of("autopilot.work"));
  }

  /**
   * Messages per issue id (the key is {@code project/id}), polling until every id in {@code ids}
   * was seen.
   */
  public Map<Long, List<String>> awaitKeys(Set<Long> ids, Duration timeout) {
    Map<Long, List<String>> seen = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!seen.keySet().containsAll(ids) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        long key = issueId(r.value());
        if (ids.contains(key)) {
          if (!("default/" + key).equals(r.key())) {
            throw new AssertionError("message keyed " + r.key() + ", not project/id: " + r);
          }
          seen.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(r.value());
        }
      }
    }
    return seen;
  }

  private static long issueId(String value) {
    try {
      return JSON.readTree(value).path("issue_id").asLong();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Override
  public void close() {
    consumer.close();
  }
}
