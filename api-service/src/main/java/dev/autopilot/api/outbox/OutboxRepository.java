package dev.autopilot.api.outbox;

import dev.autopilot.contract.Priority;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The outbox: hand-offs written with their issue's move and published to Kafka after commit. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

  /** Queues a hand-off in the current transaction. */
  public void enqueue(
      long issueId,
      String project,
      int attempt,
      Priority priority,
      Instant readyAt,
      Instant notBefore) {
    OutboxEntry entry = new OutboxEntry();
    entry.issueId = issueId;
    entry.project = project;
    entry.attempt = attempt;
    entry.priority = priority;
    entry.readyAt = readyAt;
    entry.notBefore = notBefore;
    entry.createdAt = Instant.now();
    persist(entry);
  }

  /** Up to {@code limit} unsent rows, oldest first, locked and skipped by other relays. */
  @SuppressWarnings("unchecked")
  public List<OutboxEntry> lockUnsent(int limit) {
    return getEntityManager()
        .createNativeQuery(
            // A literal limit, so the plan is the same tight index scan at every call.
            "select * from outbox where sent_at is null"
                + " and (not_before is null or not_before <= now()) order by id limit "
                + Math.max(1, limit)
                + " for update skip locked",
            OutboxEntry.class)
        .getResultList();
  }

  /** Marks rows as published. */
  public void markSent(List<Long> ids) {
    getEntityManager()
        .createNativeQuery("update outbox set sent_at = now() where id = any(?1)")
        .setParameter(1, ids.toArray(new Long[0]))
        .executeUpdate();
  }

  /** How many rows wait to be published. */
  public long unsent() {
    return count("sentAt is null");
  }

  /** Deletes rows published before {@code cutoff}; returns how many. */
  public long deleteSentBefore(Instant cutoff) {
    return delete("sentAt < ?1", cutoff);
  }
}
