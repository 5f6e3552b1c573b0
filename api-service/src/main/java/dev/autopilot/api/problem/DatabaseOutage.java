package dev.autopilot.api.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a failure caused by an unreachable database (stopped, restarting, refusing connections, or
 * the pool timing out) from a bug: the first is answered 503 and logged in one line, the second is
 * a 500 with an incident and a stack trace.
 */
public final class DatabaseOutage {

  // SQL states of PostgreSQL shutting down or not yet accepting connections.
  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

  private DatabaseOutage() {}

  /**
   * Whether {@code e}, one of its causes or a suppressed exception (a failed commit carries the
   * driver's error there) says the database could not be reached.
   */
  public static boolean causedBy(Throwable e) {
    return causedBy(e, 0);
  }

  private static boolean causedBy(Throwable e, int depth) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JDBCConnectionException
          || t instanceof SQLTransientConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && unreachable(sql)) {
        return true;
      }
      for (Throwable suppressed : depth < 3 ? t.getSuppressed() : new Throwable[0]) {
        if (causedBy(suppressed, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The innermost cause's message, for a one-line log. */
  public static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static boolean unreachable(SQLException e) {
    String state = e.getSQLState();
    if (state != null) {
      return state.startsWith("08") || SHUTDOWN_STATES.contains(state);
    }
    // Agroal's pool gives no SQL state when no connection came within its acquisition timeout.
    String message = e.getMessage();
    return message != null && message.contains("acquisition timeout");
  }
}
