package dev.autopilot.launcher;

import dev.autopilot.infra.LocalPostgres;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code autopilot up}: starts a persistent embedded PostgreSQL and the production api-service jar
 * in local mode (loopback only, generated credentials), and stops everything on Ctrl-C.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Files.createDirectories(options.dataDir());
    log("data directory " + options.dataDir());
    log("starting PostgreSQL …");
    LocalPostgres postgres = LocalPostgres.start(options.dataDir().resolve("postgres"), 0);
    List<Process> children = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  children.forEach(Launcher::stop);
                  postgres.close();
                  log("stopped");
                }));
    log("PostgreSQL ready on port " + postgres.port());

    Path credentials = options.dataDir().resolve("local-credentials.properties");
    Map<String, String> env =
        Map.of(
            "AUTOPILOT_SESSION_SECRET",
            Secrets.sessionSecret(options.dataDir()),
            "QUARKUS_PROFILE",
            "prod,local",
            "QUARKUS_HTTP_PORT",
            Integer.toString(options.port()),
            "QUARKUS_DATASOURCE_JDBC_URL",
            postgres.jdbcUrl(),
            "QUARKUS_DATASOURCE_USERNAME",
            "postgres",
            "QUARKUS_DATASOURCE_PASSWORD",
            "postgres",
            "AUTOPILOT_AUTH_LOCAL_CREDENTIALS_FILE",
            credentials.toString());
    log("starting api-service …");
    children.add(startJava(options.apiJar(), env));
    String base = "http://127.0.0.1:" + options.port();
    waitUntilUp(base + "/q/health/ready", Duration.ofSeconds(90));
    log("");
    log("Autopilot is up:   " + base + "/api/autopilot/issues");
    log("Local credentials: " + credentials + " (user 'reviewer' for the API)");
    Files.readAllLines(credentials).stream()
        .filter(l -> l.endsWith("password") || l.contains(".password="))
        .forEach(l -> log("  " + l.replace(".password=", ": ")));
    log("Press Ctrl-C to stop.");
    for (Process child : children) {
      child.waitFor();
    }
  }

  private static Process startJava(Path jar, Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).inheritIO();
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void waitUntilUp(String url, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
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

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
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
