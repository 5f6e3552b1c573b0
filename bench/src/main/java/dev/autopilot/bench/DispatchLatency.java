package dev.autopilot.bench;

import dev.autopilot.launcher.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Hand-off request returned → issue {@code in_progress}, claimed by a runner-like consumer that
 * reads {@code autopilot.work} and claims each message's issue through the API.
 */
final class DispatchLatency {

  record Result(Stats latency) {
    @Override
    public String toString() {
      return latency.toString();
    }
  }

  private final LocalStack stack;
  // Stopped by a flag, not an interrupt: an interrupted KafkaConsumer logs errors as it closes.
  private volatile boolean consuming = true;

  DispatchLatency(LocalStack stack) {
    this.stack = stack;
  }

  Result run(int issues) throws Exception {
    Http reviewer = new Http(stack.baseUrl(), "reviewer", stack.password("reviewer"));
    Http runner = new Http(stack.baseUrl(), "runner", stack.password("runner"));
    Map<Long, Long> claimedAt = new ConcurrentHashMap<>();
    Thread claimer = new Thread(() -> consume(runner, claimedAt), "bench-claimer");
    claimer.setDaemon(true);
    claimer.start();
    int warmup = 50;
    long[] samples = new long[issues];
    for (int i = 0; i < issues + warmup; i++) {
      String body =
          reviewer
              .post("/api/autopilot/issues", "{\"title\":\"bench " + i + "\",\"hand_off\":true}")
              .body();
      long returned = System.nanoTime();
      long id = Http.number(body, "id");
      long deadline = returned + Duration.ofSeconds(30).toNanos();
      Long claimed;
      while ((claimed = claimedAt.get(id)) == null && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (claimed == null) {
        throw new IllegalStateException("issue " + id + " was not claimed within 30 s");
      }
      if (i >= warmup) {
        samples[i - warmup] = claimed - returned;
      }
    }
    consuming = false;
    claimer.join(Duration.ofSeconds(5).toMillis());
    return new Result(Stats.ofNanos(samples));
  }

  private void consume(Http runner, Map<Long, Long> claimedAt) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                stack.kafkaBootstrap(),
                "group.id",
                "bench-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "fetch.max.wait.ms",
                "5"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("autopilot.work"));
      while (consuming) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
          long id = Long.parseLong(r.key());
          var response =
              runner.post(
                  "/api/autopilot/runner/claims",
                  "{\"runner_id\":\"bench\",\"issue_id\":" + id + ",\"lease_seconds\":600}");
          if (response.statusCode() == 200) {
            claimedAt.put(id, System.nanoTime());
          }
        }
      }
    }
  }
}
