package dev.autopilot.api.dispatch;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps the dispatch tables bounded: outbox rows the broker acknowledged long ago (one per
 * hand-off) and the progress events of long-finished runs (up to 20,000 per run). Unsent outbox
 * rows and the runs themselves (outcome, summary, patch, cost) are never deleted.
 */
@ApplicationScoped
public class Retention {

  private static final Logger LOG = Logger.getLogger(Retention.class);
  private static final int RUNS_PER_ROUND = 100;

  private final EntityManager em;
  private final DispatchConfig config;

  public Retention(EntityManager em, DispatchConfig config) {
    this.em = em;
    this.config = config;
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    int outbox = deleteSentOutbox();
    int events = 0;
    for (int n; (n = deleteOldEvents()) > 0; ) {
      events += n; // in rounds, so a first clean-up of a large table is not one huge transaction
    }
    if (outbox + events > 0) {
      LOG.infof("Deleted %d sent outbox row(s) and %d old run event(s)", outbox, events);
    }
  }

  /** Deletes outbox rows sent before the retention; returns how many. */
  @Transactional
  public int deleteSentOutbox() {
    return em.createNativeQuery("delete from outbox where sent_at < ?1")
        .setParameter(1, Instant.now().minus(config.outboxRetention()))
        .executeUpdate();
  }

  /** Deletes the events of up to 100 runs that finished before the retention; returns how many. */
  @Transactional
  public int deleteOldEvents() {
    return em.createNativeQuery(
            "delete from run_event where run_id in (select r.id from run r"
                + " where r.finished_at < ?1"
                + " and exists (select 1 from run_event e where e.run_id = r.id) limit "
                + RUNS_PER_ROUND
                + ")")
        .setParameter(1, Instant.now().minus(config.eventRetention()))
        .executeUpdate();
  }
}
