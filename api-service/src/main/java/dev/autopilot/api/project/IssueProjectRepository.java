package dev.autopilot.api.project;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The project of an issue by its global id (a read of the issue table kept here, beside the project
 * it answers with), for the live stream's per-project filter: an issue never changes project, so
 * the answer is kept, and a stream asks once per issue, not per event.
 */
@ApplicationScoped
public class IssueProjectRepository {

  private final AgroalDataSource dataSource;
  private final Cache<Long, Long> known = Caffeine.newBuilder().maximumSize(100_000).build();

  public IssueProjectRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The issue's project id; -1 when there is no such issue or the database cannot say. */
  public long of(long issueId) {
    Long cached = known.getIfPresent(issueId);
    if (cached != null) {
      return cached;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select project_id from issue where id = ?")) {
      s.setLong(1, issueId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        long project = rs.getLong(1);
        known.put(issueId, project);
        return project;
      }
    } catch (SQLException e) {
      return -1; // not shown: a stream only ever leaves out what it cannot place
    }
  }
}
