package dev.autopilot.api.github;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Handled deliveries: the one place that reads and writes them. */
@ApplicationScoped
public class GithubDeliveryRepository implements PanacheRepositoryBase<GithubDelivery, String> {

  private final GithubConfig config;

  public GithubDeliveryRepository(GithubConfig config) {
    this.config = config;
  }

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

  /**
   * Records a body's SHA-256 under {@code delivery}; false when another delivery brought the same
   * body within the replay window. The signature covers the body, not the delivery id, so a
   * captured delivery could otherwise be sent again under a fresh id. One statement: of two
   * concurrent senders, the second waits on the first's row and then sees it.
   */
  public boolean bodyFirstSeen(byte[] sha256, String delivery) {
    return getEntityManager()
            .createNativeQuery(
                "insert into github_delivery_body (sha256, delivery_id, seen_at)"
                    + " values (?1, ?2, ?3) on conflict (sha256) do update"
                    + " set delivery_id = excluded.delivery_id, seen_at = excluded.seen_at"
                    + " where github_delivery_body.seen_at < ?4"
                    + " or github_delivery_body.delivery_id = excluded.delivery_id")
            .setParameter(1, sha256)
            .setParameter(2, delivery)
            .setParameter(3, Instant.now())
            .setParameter(4, Instant.now().minus(config.replayWindow()))
            .executeUpdate()
        == 1;
  }

  /**
   * Deletes deliveries recorded before {@code cutoff} (GitHub redelivers within days) and bodies
   * seen before the replay window, which no longer refuse anything.
   */
  public long deleteBefore(Instant cutoff) {
    getEntityManager()
        .createNativeQuery("delete from github_delivery_body where seen_at < ?1")
        .setParameter(1, Instant.now().minus(config.replayWindow()))
        .executeUpdate();
    return delete("receivedAt < ?1", cutoff);
  }
}
