package dev.autopilot.api.testing;

import dev.autopilot.infra.LocalKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** One real KRaft broker per test JVM; tests may stop and restart it. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

  private static LocalKafka kafka;

  @Override
  public synchronized Map<String, String> start() {
    if (kafka == null) {
      kafka = LocalKafka.startTemporary(4);
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
    }
    return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
  }

  /** The broker, for tests that take it away and bring it back. */
  public static synchronized LocalKafka broker() {
    return kafka;
  }

  @Override
  public void stop() {
    // Shared by every profile; closed by the shutdown hook.
  }
}
