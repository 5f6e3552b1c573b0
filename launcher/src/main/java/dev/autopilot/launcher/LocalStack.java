package dev.autopilot.launcher;

import dev.autopilot.infra.LocalKafka;
import dev.autopilot.infra.LocalPostgres;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on embedded infrastructure: a persistent PostgreSQL and KRaft broker under one
 * data directory, and the production api-service jar in local mode as a child process. Used by
 * {@code ./autopilot up} and by the benchmarks.
 */
public final class LocalStack implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private final LocalKafka kafka;
  private final List<Process> children = new CopyOnWriteArrayList<>();
  private volatile LocalPostgres postgres;
  private Path apiJar;
  private Map<String, String> apiEnv;
  private Process api;

  private LocalStack(Path dataDir, int port, LocalPostgres postgres, LocalKafka kafka) {
    this.dataDir = dataDir;
    this.port = port;
    this.postgres = postgres;
    this.kafka = kafka;
  }

  /** Starts infrastructure and the api-service; {@code extraEnv} overrides its settings. */
  public static LocalStack start(Path home, Path dataDir, int port, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    log("data directory " + dataDir);
    log("starting PostgreSQL …");
    LocalPostgres postgres =
        LocalPostgres.start(dataDir.resolve("postgres"), 0, Secrets.postgresPassword(dataDir));
    log("PostgreSQL ready on port " + postgres.port());
    Process pgWatch = watchPostgres(dataDir.resolve("postgres"));
    log("starting Kafka (KRaft) …");
    LocalKafka kafka = LocalKafka.start(dataDir.resolve("kafka"), 0, 4);
    log("Kafka ready on " + kafka.bootstrapServers());
    LocalStack stack = new LocalStack(dataDir, port, postgres, kafka);
    stack.children.add(pgWatch);
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_PROFILE", "prod,local");
    env.put("AUTOPILOT_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", LocalPostgres.USER);
    env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("AUTOPILOT_AUTH_LOCAL_CREDENTIALS_FILE", stack.credentialsFile().toString());
    env.put("AUTOPILOT_SESSION_SECRET", Secrets.sessionSecret(dataDir));
    env.putAll(extraEnv);
    stack.apiJar = home.resolve("api-service/target/quarkus-app/quarkus-run.jar");
    stack.apiEnv = Map.copyOf(env);
    stack.startApi();
    return stack;
  }

  /** Starts the api-service (again, after {@link #killApi}) and waits until it is ready. */
  public synchronized void startApi() throws IOException, InterruptedException {
    log("starting api-service …");
    api = startJava(apiJar, apiEnv);
    children.add(api);
    awaitReady(api, Duration.ofSeconds(120));
  }

  // Fault drills (the chaos tests): each takes one part away the hard way and brings it back.

  /** SIGKILLs the api-service: no shutdown hook, no drained queue, no answer to open requests. */
  public synchronized void killApi() throws InterruptedException {
    api.destroyForcibly().waitFor();
    children.remove(api);
  }

  /** Stops the broker; {@link #startKafka} brings it back on the same port with its data. */
  public void stopKafka() {
    kafka.stop();
  }

  public void startKafka() {
    kafka.start();
  }

  /** Stops PostgreSQL (fast shutdown: open sessions are cut); its data stays. */
  public synchronized void stopPostgres() {
    postgres.close();
  }

  /** Starts PostgreSQL again on the same port and data directory. */
  public synchronized void startPostgres() {
    postgres =
        LocalPostgres.start(dataDir.resolve("postgres"), postgres.port(), postgres.password());
  }

  /**
   * Starts a runner-worker (same jar as production) on {@code repo}, with the local runner user's
   * credentials; {@code extraEnv} adds settings such as {@code AUTOPILOT_PUSH}.
   */
  public void startRunner(Path home, Path repo, Map<String, String> extraEnv) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("AUTOPILOT_RUNNER", "1");
    env.put("AUTOPILOT_WORKDIR", repo.toAbsolutePath().toString());
    env.put("AUTOPILOT_API_URL", baseUrl());
    env.put("AUTOPILOT_API_USER", "runner");
    env.put("AUTOPILOT_API_PASSWORD", password("runner"));
    env.put("AUTOPILOT_CACHE_DIR", dataDir.resolve("runner").toString());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("QUARKUS_HTTP_PORT", "0");
    env.put("AUTOPILOT_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
    env.putAll(extraEnv);
    log("starting runner-worker on " + repo.toAbsolutePath() + " …");
    children.add(startJava(home.resolve("runner-worker/target/quarkus-app/quarkus-run.jar"), env));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  /** A new connection to the stack's database, as its superuser. */
  public Connection connectDb() throws SQLException {
    return postgres.connect();
  }

  /** The database superuser's password (for tools such as pgbench). */
  public String postgresPassword() {
    return postgres.password();
  }

  public int postgresPort() {
    return postgres.port();
  }

  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public Path credentialsFile() {
    return dataDir.resolve("local-credentials.properties");
  }

  /** The generated password of a local user. */
  public String password(String user) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(credentialsFile())) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props.getProperty(user + ".password");
  }

  /** Blocks until a child process exits. */
  public void awaitExit() throws InterruptedException {
    for (Process child : children) {
      child.waitFor();
    }
  }

  @Override
  public void close() {
    children.forEach(LocalStack::stop);
    kafka.close();
    postgres.close();
  }

  /**
   * PostgreSQL runs as its own process and would outlive a SIGKILLed launcher: a small shell
   * watchdog stops it (fast shutdown) once this JVM is gone.
   */
  private static Process watchPostgres(Path pgData) throws IOException {
    String script =
        "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done;"
            + " pid=$(head -1 \"$1/postmaster.pid\" 2>/dev/null) && kill -INT \"$pid\"";
    return new ProcessBuilder(
            "sh", "-c", script, Long.toString(ProcessHandle.current().pid()), pgData.toString())
        .start();
  }

  private void awaitReady(Process process, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String url = baseUrl() + "/q/health/ready";
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("api-service exited with " + process.exitValue());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(500);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("api-service did not become ready within " + timeout);
  }

  private static Process startJava(Path jar, Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).inheritIO();
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static void log(String line) {
    System.out.println("[autopilot] " + line);
  }
}
