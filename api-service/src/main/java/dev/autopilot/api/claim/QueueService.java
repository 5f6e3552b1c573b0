package dev.autopilot.api.claim;

import dev.autopilot.api.dispatch.DispatchConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TreeSet;

/** Reads the work queue's health for the board. */
@ApplicationScoped
public class QueueService {

  private final EntityManager em;
  private final DispatchConfig config;

  public QueueService(EntityManager em, DispatchConfig config) {
    this.em = em;
    this.config = config;
  }

  /**
   * Ready and running counts and the oldest wait; stalled when nobody takes the work. Also the
   * runners that ran agents unsandboxed lately, which the security policy says the board must show.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public QueueHealth health() {
    // Both ready aggregates read the claim queue's partial index.
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select (select count(*) from issue where status = 'READY' and not human_only),"
                        + " (select min(status_changed_at) from issue"
                        + "   where status = 'READY' and not human_only),"
                        + " (select count(*) from issue where status = 'IN_PROGRESS')")
                .getSingleResult();
    long ready = ((Number) row[0]).longValue();
    Instant oldest = instant(row[1]);
    long running = ((Number) row[2]).longValue();
    // Busy runners are not a stall: the queue waits for them. Nothing in progress is.
    boolean stalled =
        ready > 0
            && running == 0
            && oldest != null
            && oldest.isBefore(Instant.now().minus(config.stallAfter()));
    return new QueueHealth(ready, running, oldest, stalled, unsandboxedRunners());
  }

  private List<String> unsandboxedRunners() {
    // Two arms so each reads a small partial index (run_unsandboxed, run_lease).
    @SuppressWarnings("unchecked")
    List<String> ids =
        em.createNativeQuery(
                "select runner_id from run where sandboxed = false and claimed_at > ?1"
                    + " union"
                    + " select runner_id from run where state = 'RUNNING' and sandboxed = false")
            .setParameter(1, Instant.now().minus(config.unsandboxedWarning()))
            .getResultList();
    // A runner is one host with several slots ("host/slot-2"): name the host once.
    TreeSet<String> runners = new TreeSet<>();
    ids.forEach(id -> runners.add(id.replaceFirst("/slot-\\d+$", "")));
    return List.copyOf(runners);
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
}
