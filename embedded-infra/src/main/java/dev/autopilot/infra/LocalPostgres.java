package dev.autopilot.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * A real PostgreSQL server (zonky binaries) for tests and the local run. With a data directory it
 * persists across restarts; without one it lives in a temporary directory. Every connection needs
 * the password (scram-sha-256), also from this machine's other users: the binaries' initdb trusts
 * every local user, so each start sets the password and rewrites {@code pg_hba.conf}.
 */
public final class LocalPostgres implements AutoCloseable {

  /** The superuser every connection uses. */
  public static final String USER = "postgres";

  private static final String HBA =
      """
      # Written by Autopilot at every start: every connection needs the password.
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres server;
  private final String password;

  private LocalPostgres(EmbeddedPostgres server, String password) {
    this.server = server;
    this.password = password;
  }

  /** Starts a throw-away server on a free port, with a random password. */
  public static LocalPostgres startTemporary() {
    return start(null, 0, randomPassword());
  }

  /**
   * Starts a server. {@code dataDir} null means temporary; {@code port} 0 means any free port;
   * {@code password} (letters, digits, '-' and '_') is the superuser's from now on.
   */
  public static LocalPostgres start(Path dataDir, int port, String password) {
    if (!password.matches("[A-Za-z0-9_-]{16,200}")) {
      throw new IllegalArgumentException("the password must be 16+ letters, digits, - or _");
    }
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", dataDir == null ? "off" : "on")
            .setServerConfig("synchronous_commit", dataDir == null ? "off" : "on")
            .setServerConfig("full_page_writes", dataDir == null ? "off" : "on")
            .setServerConfig("password_encryption", "scram-sha-256")
            .setConnectConfig("password", password);
    if (dataDir != null) {
      builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
    }
    if (port > 0) {
      builder.setPort(port);
    }
    LocalPostgres postgres;
    try {
      postgres = new LocalPostgres(builder.start(), password);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "PostgreSQL did not start"
              + (dataDir == null ? "" : " (or refused the password kept for " + dataDir + ")"),
          e);
    }
    postgres.requirePasswords();
    return postgres;
  }

  /** A random password for {@link #start}. */
  public static String randomPassword() {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  // Until this runs on a new data directory (milliseconds after initdb), local users are trusted.
  private void requirePasswords() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
      String hba;
      try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
        rs.next();
        hba = rs.getString(1);
      }
      Files.writeString(Path.of(hba), HBA);
      try (ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
        rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not set PostgreSQL's password", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write pg_hba.conf", e);
    }
  }

  /** A new connection to the {@code postgres} database as the superuser. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, password);
  }

  /** JDBC URL of the {@code postgres} database (without credentials). */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
  }

  /** The superuser's password. */
  public String password() {
    return password;
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
