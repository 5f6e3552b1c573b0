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

  /** Deletes delivered rows older than {@code cutoff}; failed ones stay for reviewers. */
  public long deleteDeliveredBefore(Instant cutoff) {
    return delete("deliveredAt < ?1", cutoff);
  }
}
