package dev.autopilot.api.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A DSN key of a project; only its SHA-256 is stored, the key itself is shown once. */
@Entity
@Table(name = "incident_key")
public class IncidentKey extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "project_id")
  public long projectId;

  @Column(name = "key_hash")
  public String keyHash;

  /** The key's first characters, so a reviewer can tell keys apart. */
  @Column(name = "key_hint")
  public String keyHint;

  public String label;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;
}
