package dev.autopilot.api.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An application that reports its errors here, as a Sentry project does; its id is in the DSN. */
@Entity
@Table(name = "incident_project")
public class IncidentProject extends PanacheEntityBase {

  /** The built-in project of the api-service's own unhandled errors. */
  public static final String OWN = "autopilot-api";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;

  /** The project its incidents' issues are filed in. */
  @Column(name = "project_id")
  public Long projectId;

  /** With the window: a group reaching this many events goes to the agents by itself. */
  @Column(name = "auto_ready_events")
  public Integer autoReadyEvents;

  @Column(name = "auto_ready_window_seconds")
  public Integer autoReadyWindowSeconds;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Whether groups are handed to the agents automatically. */
  public boolean autoReady() {
    return autoReadyEvents != null && autoReadyWindowSeconds != null;
  }
}
