package dev.autopilot.api.run;

import dev.autopilot.api.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Runs and their log lines: the one place that reads and writes them, including the batched claim
 * statement that starts them.
 */
@ApplicationScoped
public class RunRepository implements PanacheRepositoryBase<Run, UUID> {

  private final AgroalDataSource dataSource;

  public RunRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The run with this id, or a 404 problem. */
  public Run require(UUID id) {
    Run run = findById(id);
    if (run == null) {
      throw ProblemException.notFound("No such run.");
    }
    return run;
  }

  /** The run locked for the rest of the transaction; null when there is none. */
  public Run lock(UUID id) {
    return findById(id, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The runs of an issue, oldest first. */
  public List<Run> ofIssue(long issueId) {
    return list("issueId = ?1 order by claimedAt", issueId);
  }

  /** The issue's latest run, if it has one. */
  public Optional<Run> latest(long issueId) {
    return find("issueId = ?1 order by claimedAt desc", issueId).firstResultOptional();
  }

  /** The commit of the issue's latest run that made one, without loading runs' patches. */
  public Optional<String> latestCommit(long issueId) {
    return getEntityManager()
        .createQuery(
            "select r.commitSha from Run r where r.issueId = ?1 and r.commitSha is not null"
                + " order by r.claimedAt desc",
            String.class)
        .setParameter(1, issueId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /** Up to {@code limit} log lines of a run after sequence number {@code after}. */
  public List<RunEvent> events(UUID runId, int after, int limit) {
    return RunEvent.<RunEvent>find("key.runId = ?1 and key.seq > ?2 order by key.seq", runId, after)
        .page(0, limit)
        .list();
  }

  /** Running runs whose lease expired, oldest first, locked and skipped by other reapers. */
  @SuppressWarnings("unchecked")
  public List<UUID> expiredLeases(int limit) {
    return getEntityManager()
        .createNativeQuery(
            "select id from run where state = 'RUNNING' and lease_expires_at < now()"
                + " order by lease_expires_at limit ?1 for update skip locked",
            UUID.class)
        .setParameter(1, limit)
        .getResultList();
  }

  /** Runners that ran an agent unsandboxed since {@code since}, or run one now. */
  @SuppressWarnings("unchecked")
  public List<String> unsandboxedRunners(Instant since) {
    // Two arms so each reads a small partial index (run_unsandboxed, run_lease).
    return getEntityManager()
        .createNativeQuery(
            "select runner_id from run where sandboxed = false and claimed_at > ?1"
                + " union"
                + " select runner_id from run where state = 'RUNNING' and sandboxed = false")
        .setParameter(1, since)
        .getResultList();
  }

  /** Runners that claimed issues of these projects since {@code since}, for the queue's health. */
  @SuppressWarnings("unchecked")
  public List<String> runnersOf(java.util.Set<Long> projects, Instant since) {
    return getEntityManager()
        .createNativeQuery(
            "select distinct r.runner_id from run r join issue i on i.id = r.issue_id"
                + " where r.claimed_at > ?1 and i.project_id = any(?2) order by 1 limit 50")
        .setParameter(1, since)
        .setParameter(2, projects.toArray(Long[]::new))
        .getResultList();
  }

  /** Deletes the log lines of up to {@code runs} runs that finished before {@code cutoff}. */
  public int deleteEventsFinishedBefore(Instant cutoff, int runs) {
    return getEntityManager()
        .createNativeQuery(
            "delete from run_event where run_id in (select r.id from run r"
                + " where r.finished_at < ?1"
                + " and exists (select 1 from run_event e where e.run_id = r.id) limit ?2)")
        .setParameter(1, cutoff)
        .setParameter(2, runs)
        .executeUpdate();
  }

  /**
   * Answers a batch of claim asks in auto-commit, outside any JTA transaction: the asks for the
   * best candidate share one statement per set of projects served, asks for a given issue run one
   * by one. Each answer is handed to {@code answer} (with the ask's index) as soon as its statement
   * commits, so a later statement failing never loses a claim already made; the first failure is
   * thrown after the rest are tried.
   */
  public void claim(
      List<ClaimStatement.Ask> asks, BiConsumer<Integer, Optional<ClaimStatement.Claimed>> answer)
      throws SQLException {
    java.util.Map<List<String>, List<Integer>> bestBySet = new java.util.LinkedHashMap<>();
    for (int i = 0; i < asks.size(); i++) {
      if (asks.get(i).wanted() == 0) {
        List<String> served = asks.get(i).projects();
        bestBySet
            .computeIfAbsent(served == null ? List.of("*") : served, k -> new ArrayList<>())
            .add(i);
      }
    }
    SQLException failed = null;
    try (Connection c = dataSource.getConnection()) {
      for (List<Integer> best : bestBySet.values()) {
        try {
          List<Optional<ClaimStatement.Claimed>> won =
              ClaimStatement.run(c, 0, best.stream().map(asks::get).toList());
          for (int i = 0; i < best.size(); i++) {
            answer.accept(best.get(i), won.get(i));
          }
        } catch (SQLException e) {
          failed = e;
        }
      }
      for (int i = 0; i < asks.size(); i++) {
        ClaimStatement.Ask ask = asks.get(i);
        if (ask.wanted() != 0) {
          try {
            answer.accept(i, ClaimStatement.run(c, ask.wanted(), List.of(ask)).get(0));
          } catch (SQLException e) {
            failed = failed == null ? e : failed;
          }
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
