package dev.autopilot.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky binaries) for tests and the local run. With a data directory it
 * persists across restarts; without one it lives in a temporary directory.
 */
public final class LocalPostgres implements AutoCloseable {

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts a throw-away server on a free port. */
  public static LocalPostgres startTemporary() {
    return start(null, 0);
  }

  /** Starts a server. {@code dataDir} null means temporary; {@code port} 0 means any free port. */
  public static LocalPostgres start(Path dataDir, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", dataDir == null ? "off" : "on")
              .setServerConfig("synchronous_commit", dataDir == null ? "off" : "on")
              .setServerConfig("full_page_writes", dataDir == null ? "off" : "on");
      if (dataDir != null) {
        builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      if (port > 0) {
        builder.setPort(port);
      }
      return new LocalPostgres(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start", e);
    }
  }

  /** JDBC URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
