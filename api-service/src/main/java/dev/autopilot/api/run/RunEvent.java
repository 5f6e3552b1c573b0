package dev.autopilot.api.run;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One line of a run's live log (agent text, tool calls, edits, denials). */
@Entity
@Table(name = "run_event")
public class RunEvent extends io.quarkus.hibernate.orm.panache.PanacheEntityBase {

  /** (run, sequence number). */
  @Embeddable
  public record Key(@Column(name = "run_id") UUID runId, int seq) implements Serializable {}

  @EmbeddedId public Key key;

  public Instant at;
  public String kind;
  public String text;
}
