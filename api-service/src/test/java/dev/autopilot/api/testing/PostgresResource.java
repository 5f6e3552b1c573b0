package dev.autopilot.api.testing;

import dev.autopilot.infra.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.SQLException;
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
        "quarkus.datasource.username", LocalPostgres.USER,
        "quarkus.datasource.password", postgres.password());
  }

  /** JDBC URL and password, for a second api-service process on the same database. */
  public static synchronized String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  public static synchronized String password() {
    return postgres.password();
  }

  /** A connection for tests that set up state directly. */
  public static synchronized Connection connect() throws SQLException {
    return postgres.connect();
  }

  @Override
  public void stop() {
    // Kept for the next profile; closed by the shutdown hook.
  }
}
