package dev.autopilot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

  @TempDir Path tmp;

  @Test
  void onlyThePasswordGetsInAndItSurvivesARestart() throws Exception {
    Path data = tmp.resolve("pg");
    String password = LocalPostgres.randomPassword();
    try (LocalPostgres pg = LocalPostgres.start(data, 0, password)) {
      assertEquals(1, one(pg.connect()));
      refused(pg, "");
      refused(pg, "postgres");
      refused(pg, LocalPostgres.randomPassword());
    }
    try (LocalPostgres again = LocalPostgres.start(data, 0, password)) {
      assertEquals(1, one(again.connect()));
      refused(again, "");
    }
  }

  private static void refused(LocalPostgres pg, String password) {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, password).close());
    // invalid_password from the server; the driver itself stops an empty one (SCRAM asked for).
    assertTrue(Set.of("28P01", "08004").contains(e.getSQLState()), e.getMessage());
  }

  private static int one(Connection c) throws SQLException {
    try (c;
        ResultSet rs = c.createStatement().executeQuery("select 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
