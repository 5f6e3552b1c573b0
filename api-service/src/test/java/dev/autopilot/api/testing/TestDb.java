package dev.autopilot.api.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct SQL for test set-up and for checking what was really stored. */
public final class TestDb {

  private TestDb() {}

  /** Forces an issue into a status, bypassing the workflow (set-up only). */
  public static void forceStatus(long issueId, String status) {
    update("update issue set status = ? where id = ?", status, issueId);
  }

  /**
   * Ages the runs of runners named {@code prefix…} past the board's unsandboxed warning, so later
   * tests (and the README's screenshots) start without the banner. Their runs must be finished.
   */
  public static void forgetUnsandboxedRuns(String prefix) {
    update(
        "update run set claimed_at = claimed_at - interval '25 hours' where runner_id like ?",
        prefix + "%");
  }

  public static long count(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void update(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  private static Connection connect() throws SQLException {
    return PostgresResource.connect();
  }
}
