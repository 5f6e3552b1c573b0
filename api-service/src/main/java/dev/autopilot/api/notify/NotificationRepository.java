package dev.autopilot.api.notify;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Notification deliveries: the one place that reads and writes them. */
@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, String> {

  /**
   * Takes up to {@code limit} due deliveries for {@code lease}: other instances (and later rounds)
   * skip them until the lease ends, so a delivery in flight is never sent twice at once, and one
   * whose sender died is sent again after it.
   */
  @SuppressWarnings("unchecked")
  public List<Notification> claimDue(int limit, Duration lease) {
    return getEntityManager()
        .createNativeQuery(
            "update notification set next_attempt_at = now() + make_interval(secs => ?1)"
                + " where id in (select id from notification where delivered_at is null"
                + " and failed_at is null and next_attempt_at <= now()"
                + " order by next_attempt_at limit ?2 for update skip locked)"
                + " returning *",
            Notification.class)
        .setParameter(1, (double) lease.toSeconds())
        .setParameter(2, limit)
        .getResultList();
  }

  /** Records an attempt: delivered, due again at {@code retryAt}, or given up when that is null. */
  public void attempted(
      String id, Integer status, String error, boolean delivered, Instant retryAt) {
    Notification n = findById(id);
    if (n == null) {
      return;
    }
    Instant now = Instant.now();
    n.attempts++;
    n.lastStatus = status;
    n.lastError = error == null ? null : error.substring(0, Math.min(500, error.length()));
    if (delivered) {
      n.deliveredAt = now;
    } else if (retryAt == null) {
      n.failedAt = now;
    } else {
      n.nextAttemptAt = retryAt;
    }
  }

  /** Deliveries in a state ({@code pending}, {@code delivered} or {@code failed}), newest first. */
  public List<Notification> inState(String state, int limit) {
    String where =
        switch (state) {
          case "delivered" -> "deliveredAt is not null";
          case "failed" -> "failedAt is not null";
          default -> "deliveredAt is null and failedAt is null";
        };
    return find(where + " order by createdAt desc").page(0, limit).list();
  }

  /**
   * Inserts a notification that stands for a window of events ({@code key}) unless its endpoint
   * already has one under the key; false then.
   */
  public boolean insertCoalesced(Notification n, String key) {
    return getEntityManager()
            .createNativeQuery(
                "insert into notification (id, endpoint, event_type, issue_id, payload,"
                    + " created_at, next_attempt_at, coalesce_key)"
                    + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                    + " on conflict (endpoint, coalesce_key) where coalesce_key is not null"
                    + " do nothing")
            .setParameter(1, n.id)
            .setParameter(2, n.endpoint)
            .setParameter(3, n.eventType)
            .setParameter(4, n.issueId)
            .setParameter(5, n.payload)
            .setParameter(6, n.createdAt)
            .setParameter(7, n.nextAttemptAt)
            .setParameter(8, key)
            .executeUpdate()
        == 1;
  }

  /**
   * Counts one more event into the unsent notification under {@code key}, locking it to the end of
   * the transaction: the count it now stands for, or 0 when there is none (or it went out).
   */
  public int addCoalesced(String endpoint, String key) {
    List<?> rows =
        getEntityManager()
            .createNativeQuery(
                "update notification set coalesced = coalesced + 1 where endpoint = ?1"
                    + " and coalesce_key = ?2 and delivered_at is null and attempts = 0"
                    + " returning coalesced")
            .setParameter(1, endpoint)
            .setParameter(2, key)
            .getResultList();
    return rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue();
  }

  /** Replaces what the notification under {@code key} says (its count went up). */
  public void rewriteCoalesced(String endpoint, String key, long issueId, String payload) {
    getEntityManager()
        .createNativeQuery(
            "update notification set payload = ?3, issue_id = ?4"
                + " where endpoint = ?1 and coalesce_key = ?2")
        .setParameter(1, endpoint)
        .setParameter(2, key)
        .setParameter(3, payload)
        .setParameter(4, issueId)
        .executeUpdate();
  }

  /** Deletes delivered rows older than {@code cutoff}; failed ones stay for reviewers. */
  public long deleteDeliveredBefore(Instant cutoff) {
    return delete("deliveredAt < ?1", cutoff);
  }
}
