package dev.autopilot.api.github;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A webhook delivery already handled, by its {@code X-GitHub-Delivery} id: replays are refused. */
@Entity
@Table(name = "github_delivery")
public class GithubDelivery extends PanacheEntityBase {

  @Id public String id;

  public String event;

  @Column(name = "received_at")
  public Instant receivedAt;
}
