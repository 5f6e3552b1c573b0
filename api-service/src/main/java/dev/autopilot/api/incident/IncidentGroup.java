package dev.autopilot.api.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Events that share a fingerprint; one bug issue stands for the group. */
@Entity
@Table(name = "incident_group")
public class IncidentGroup extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "project_id")
  public long projectId;

  /** SHA-256 of the grouping parts ({@link SentryEvent#groupingParts()}). */
  public String fingerprint;

  @Column(name = "issue_id")
  public Long issueId;

  public String title;
  public String level;

  @Column(name = "event_count")
  public long eventCount;

  @Column(name = "first_seen")
  public Instant firstSeen;

  @Column(name = "last_seen")
  public Instant lastSeen;

  @Column(name = "first_release")
  public String firstRelease;

  @Column(name = "last_release")
  public String lastRelease;

  public String environment;

  /** How many times a new release brought the group back after review or done. */
  public int regressions;

  @Column(name = "auto_ready_at")
  public Instant autoReadyAt;

  /** The group of a project's new kinds past the hourly cap ({@link IncidentFloods}). */
  public boolean flood;

  /** For a flood group: how many distinct kinds it took. */
  @Column(name = "flood_kinds")
  public int floodKinds;
}
