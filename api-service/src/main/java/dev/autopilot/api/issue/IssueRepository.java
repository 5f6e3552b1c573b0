package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.hibernate.Session;

/**
 * Issues: the one place that reads and writes them, from single lookups to the group-committed
 * feedback insert. Services ask it by name; nothing else queries the issue table.
 */
@ApplicationScoped
public class IssueRepository implements PanacheRepositoryBase<Issue, Long> {

  private final AgroalDataSource dataSource;

  public IssueRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Loads these issues into the persistence context in one query; later finds are free. */
  public void preload(Collection<Long> ids) {
    if (!ids.isEmpty()) {
      // Not an HQL "in" list: one of varying length is translated anew at every call.
      getEntityManager()
          .unwrap(Session.class)
          .byMultipleIds(Issue.class)
          .multiLoad(List.copyOf(ids));
    }
  }

  /** Where an issue is: its global id and its project. */
  public record Located(long id, long projectId) {}

  /** The issue with this global id, or else this ref ({@code SHOP-12}, upper case). */
  public java.util.Optional<Located> locate(Long id, String ref) {
    return getEntityManager()
        .createQuery(
            id != null
                ? "select i.id, i.projectId from Issue i where i.id = :key"
                : "select i.id, i.projectId from Issue i where i.ref = :key",
            Object[].class)
        .setParameter("key", id != null ? id : ref)
        .getResultStream()
        .findFirst()
        .map(row -> new Located((Long) row[0], (Long) row[1]));
  }

  /** The issue with this id, or a 404 problem. */
  public Issue require(long id) {
    return found(id, findById(id));
  }

  /** The issue locked for the rest of the transaction, or a 404 problem. */
  public Issue lock(long id) {
    return found(id, findById(id, LockModeType.PESSIMISTIC_WRITE));
  }

  /** Refuses a change made against an older version than the stored one. */
  public void checkVersion(Issue issue, Long expected) {
    if (expected != null && expected != issue.version) {
      throw ProblemException.conflict(
          "edit-conflict",
          "Issue "
              + issue.ref
              + " is at version "
              + issue.version
              + ", not "
              + expected
              + "; reload it and try again.");
    }
  }

  /** The claim queue at a glance: ready issues, the oldest of them, and issues in progress. */
  public record Queue(long ready, Instant oldestReady, long running) {}

  /** The claim queue's figures, read from its partial index. */
  public Queue queue() {
    return queue(null);
  }

  /** The claim queue of the projects with these ids only (null: every project). */
  public Queue queue(java.util.Set<Long> projects) {
    String in = projects == null ? "" : " and project_id = any(?1)";
    var query =
        getEntityManager()
            .createNativeQuery(
                "select (select count(*) from issue where status = 'READY' and not human_only"
                    + in
                    + "), (select min(status_changed_at) from issue"
                    + "   where status = 'READY' and not human_only"
                    + in
                    + "), (select count(*) from issue where status = 'IN_PROGRESS'"
                    + in
                    + ")");
    if (projects != null) {
      query.setParameter(1, projects.toArray(Long[]::new));
    }
    Object[] row = (Object[]) query.getSingleResult();
    return new Queue(((Number) row[0]).longValue(), instant(row[1]), ((Number) row[2]).longValue());
  }

  private static Instant instant(Object value) {
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    return (Instant) value;
  }

  /** Where a feedback submission landed: its issue, and whether it joined an existing one. */
  public record Landed(long issueId, String ref, boolean merged) {}

  /** What a feedback batch wrote: where each entry landed, in order, and the issues it created. */
  public record FeedbackWritten(List<Landed> landed, List<Long> createdIds) {}

  /**
   * Stores a batch of feedback in one transaction of its own (group commit): each entry becomes a
   * new {@code feedback} issue in backlog or joins a recent identical one ({@code window}).
   */
  public FeedbackWritten storeFeedback(List<NewFeedback> entries, Duration window)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        FeedbackWritten written = FeedbackInserts.write(c, entries, window);
        c.commit();
        return written;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Issue found(long id, Issue issue) {
    if (issue == null) {
      throw ProblemException.notFound("Issue #" + id + " does not exist.");
    }
    return issue;
  }

  /**
   * Replaces an issue's body written by the system, only if it still reads {@code expected}: a
   * reviewer's edit in between wins. The version is left alone, so a reviewer's open edit is not
   * refused for a count that moved.
   */
  public boolean replaceBodyIfUnchanged(long issueId, String expected, String body) {
    return getEntityManager()
            .createNativeQuery("update issue set body = ?1 where id = ?2 and body = ?3")
            .setParameter(1, body)
            .setParameter(2, issueId)
            .setParameter(3, expected)
            .executeUpdate()
        == 1;
  }
}
