package dev.autopilot.api.dispatch;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes outbox rows the broker acknowledged long ago: they only matter until sent (and for a
 * while after, to look into a dispatch), and one row per hand-off would otherwise grow forever.
 * Unsent rows are never deleted, however old.
 */
@ApplicationScoped
public class OutboxCleanup {

  private static final Logger LOG = Logger.getLogger(OutboxCleanup.class);

  private final EntityManager em;
  private final DispatchConfig config;

  public OutboxCleanup(EntityManager em, DispatchConfig config) {
    this.em = em;
    this.config = config;
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    int deleted = deleteSent();
    if (deleted > 0) {
      LOG.infof("Deleted %d outbox row(s) sent over %s ago", deleted, config.outboxRetention());
    }
  }

  /** Deletes rows sent before the retention; returns how many. */
  @Transactional
  public int deleteSent() {
    return em.createNativeQuery("delete from outbox where sent_at < ?1")
        .setParameter(1, Instant.now().minus(config.outboxRetention()))
        .executeUpdate();
  }
}
