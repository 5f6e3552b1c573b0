package dev.autopilot.api.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

  @Test
  void anUnreachableDatabaseIsAnOutageWhereverItSitsInTheCauseChain() {
    assertTrue(DatabaseOutage.causedBy(wrapped(new SQLException("refused", "08001"))));
    assertTrue(DatabaseOutage.causedBy(wrapped(new SQLException("I/O error", "08006"))));
    assertTrue(DatabaseOutage.causedBy(wrapped(new SQLException("shutting down", "57P01"))));
    assertTrue(DatabaseOutage.causedBy(wrapped(new SQLException("starting up", "57P03"))));
    assertTrue(DatabaseOutage.causedBy(wrapped(new SQLException("Sorry, acquisition timeout!"))));
    assertTrue(DatabaseOutage.causedBy(wrapped(new ConnectException("Connection refused"))));
    assertTrue(
        DatabaseOutage.causedBy(
            new JDBCConnectionException("Unable to acquire JDBC Connection", null)));
  }

  @Test
  void aCommitCutByAShutdownCarriesItsCauseAsASuppressedException() {
    Exception commit = new IllegalStateException("Could not commit transaction");
    commit.addSuppressed(
        new IllegalStateException(
            "transactionCommit failed",
            new SQLException("terminating connection due to administrator command", "57P01")));
    assertTrue(DatabaseOutage.causedBy(new RuntimeException("invoking", commit)));
  }

  @Test
  void bugsAndBadDataAreNot() {
    assertFalse(DatabaseOutage.causedBy(wrapped(new SQLException("duplicate key", "23505"))));
    assertFalse(DatabaseOutage.causedBy(wrapped(new SQLException("syntax", "42601"))));
    assertFalse(DatabaseOutage.causedBy(new IllegalStateException("a bug")));
    assertFalse(DatabaseOutage.causedBy(wrapped(new SQLException("no state"))));
  }

  @Test
  void theReasonIsTheInnermostMessage() {
    assertEquals(
        "Connection refused",
        DatabaseOutage.reason(wrapped(new ConnectException("Connection refused"))));
  }

  private static RuntimeException wrapped(Exception cause) {
    return new PersistenceException("outer", new IllegalStateException("middle", cause));
  }
}
