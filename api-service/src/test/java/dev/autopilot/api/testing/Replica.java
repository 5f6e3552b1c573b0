package dev.autopilot.api.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A second api-service, the production jar from this build, on the test's database, broker and
 * identity provider: two replicas that must act as one.
 */
public final class Replica implements AutoCloseable {

  private final Process process;
  private final int port;

  private Replica(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it and waits until it is ready; {@code extra} adds system properties. */
  public static Replica start(String name, Map<String, String> extra) throws Exception {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("package the api-service first: " + jar.toAbsolutePath());
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    Map<String, String> props =
        Map.of(
            "quarkus.profile", "test",
            "quarkus.http.host", "127.0.0.1",
            "quarkus.http.port", Integer.toString(port),
            "quarkus.datasource.jdbc.url", PostgresResource.jdbcUrl(),
            "quarkus.datasource.username", "postgres",
            "quarkus.datasource.password", PostgresResource.password(),
            "kafka.bootstrap.servers", KafkaResource.broker().bootstrapServers(),
            "keycloak.url", ConfigProvider.getConfig().getValue("keycloak.url", String.class));
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-jar", jar.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target/replica-" + name + ".log").toFile())
            .start();
    Replica replica = new Replica(p, port);
    replica.awaitReady(Duration.ofSeconds(90));
    return replica;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public int port() {
    return port;
  }

  private void awaitReady(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the replica exited: see target/replica-*.log");
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(url("/q/health/ready")).toURL().openConnection();
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the replica did not become ready within " + within);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
