package dev.autopilot.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this JVM. It can be
 * stopped and started again on the same port and log directory, which is how tests take the broker
 * away and bring it back.
 */
public final class LocalKafka implements AutoCloseable {

  private final Path logDir;
  private final int port;
  private final int controllerPort;
  private final int partitions;
  private KafkaRaftServer server;

  LocalKafka(Path logDir, int port, int controllerPort, int partitions) {
    this.logDir = logDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.partitions = partitions;
  }

  /** Starts a throw-away broker on free ports. */
  public static LocalKafka startTemporary(int partitions) {
    try {
      return start(Files.createTempDirectory("autopilot-kafka"), 0, partitions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a broker persisting under {@code logDir}; {@code port} 0 picks a free one. */
  public static LocalKafka start(Path logDir, int port, int partitions) {
    LocalKafka kafka = new LocalKafka(logDir, port > 0 ? port : freePort(), freePort(), partitions);
    kafka.start();
    return kafka;
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts (or restarts) the broker. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    Properties props = config();
    formatOnce(props, clusterId());
    server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    awaitPort();
  }

  /** Stops the broker; {@link #start()} brings it back with its data. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  Properties config() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", Integer.toString(partitions));
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.dedupe.buffer.size", "8388608");
    p.put("auto.create.topics.enable", "true");
    return p;
  }

  // Formatting an existing log directory again breaks restarts ("Invalid cluster.id").
  void formatOnce(Properties props, String clusterId) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDir);
      Path file = logDir.resolveSibling(logDir.getFileName() + ".properties");
      try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        props.store(out, "autopilot local kafka");
      }
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int code =
          StorageTool.execute(
              // "--cluster-id=…" in one argument: an id may begin with '-', which the tool's
              // argument parser would take for an option.
              new String[] {"format", "--cluster-id=" + clusterId, "-c", file.toString()},
              new PrintStream(log, true, StandardCharsets.UTF_8));
      if (code != 0) {
        throw new IllegalStateException("kafka storage format failed: " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String clusterId() {
    // A Kafka cluster id is 16 bytes, URL-safe base64 without padding (22 characters).
    UUID uuid = UUID.randomUUID();
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  private void awaitPort() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        sleep();
      }
    }
    throw new IllegalStateException("kafka did not open port " + port);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
