package dev.autopilot.api.testing;

import dev.autopilot.infra.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** One real PostgreSQL per test JVM, shared by every Quarkus test profile. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

  private static LocalPostgres postgres;

  @Override
  public synchronized Map<String, String> start() {
    if (postgres == null) {
      postgres = LocalPostgres.startTemporary();
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
    }
    return Map.of(
        "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
        "quarkus.datasource.username", "postgres",
        "quarkus.datasource.password", "postgres");
  }

  /** JDBC URL for tests that set up state directly. */
  public static synchronized String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  @Override
  public void stop() {
    // Kept for the next profile; closed by the shutdown hook.
  }
}
