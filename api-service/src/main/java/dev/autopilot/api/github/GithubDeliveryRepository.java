package dev.autopilot.api.github;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Handled deliveries: the one place that reads and writes them. */
@ApplicationScoped
public class GithubDeliveryRepository implements PanacheRepositoryBase<GithubDelivery, String> {

  /** Records a delivery id; false when it was handled before (a replay). */
  public boolean firstTime(String id, String event) {
    return getEntityManager()
            .createNativeQuery(
                "insert into github_delivery (id, event, received_at) values (?1, ?2, ?3)"
                    + " on conflict (id) do nothing")
            .setParameter(1, id)
            .setParameter(2, event)
            .setParameter(3, Instant.now())
            .executeUpdate()
        == 1;
  }

  /** Deletes deliveries recorded before {@code cutoff} (GitHub redelivers within days). */
  public long deleteBefore(Instant cutoff) {
    return delete("receivedAt < ?1", cutoff);
  }
}
