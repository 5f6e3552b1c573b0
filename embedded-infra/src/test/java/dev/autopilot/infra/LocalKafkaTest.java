package dev.autopilot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {

  @Test
  void keepsMessagesAcrossARestart() throws Exception {
    try (LocalKafka kafka = LocalKafka.startTemporary(1)) {
      send(kafka, "before");
      kafka.stop();
      kafka.start();
      send(kafka, "after");
      assertEquals(List.of("before", "after"), readAll(kafka, 2));
    }
  }

  @Test
  void formatsWithAClusterIdThatLooksLikeAnOption() throws Exception {
    // One random id in 64 begins with '-'; the storage tool once took it for an option.
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("autopilot-kafka");
    try (LocalKafka kafka = new LocalKafka(dir, LocalKafka.freePort(), LocalKafka.freePort(), 1)) {
      kafka.formatOnce(kafka.config(), "-" + "A".repeat(21));
      kafka.start();
      send(kafka, "formatted");
      assertEquals(List.of("formatted"), readAll(kafka, 1));
    }
  }

  private static void send(LocalKafka kafka, String value) throws Exception {
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("t", value)).get();
    }
  }

  private static List<String> readAll(LocalKafka kafka, int expected) {
    try (var consumer =
        new KafkaConsumer<String, String>(
            Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "g",
                "auto.offset.reset", "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("t"));
      var values = new java.util.ArrayList<String>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }
}
