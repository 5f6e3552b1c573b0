package dev.autopilot.api.incident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The figures the ingest limits read and write: groups opened, flood kinds, stored bytes. */
@ApplicationScoped
public class IncidentQuotaRepository {

  private final EntityManager em;
  private final IncidentRepository groups;

  public IncidentQuotaRepository(EntityManager em, IncidentRepository groups) {
    this.em = em;
    this.groups = groups;
  }

  /** How many groups (not floods) a project opened since {@code since} (an index range). */
  public long openedSince(long projectId, Instant since) {
    return ((Number)
            em.createNativeQuery(
                    "select count(*) from incident_group"
                        + " where project_id = ?1 and first_seen >= ?2 and not flood")
                .setParameter(1, projectId)
                .setParameter(2, since)
                .getSingleResult())
        .longValue();
  }

  /** The flood group of this fingerprint (one per project and hour), created if new, locked. */
  public IncidentGroup lockOrCreateFlood(
      long projectId, String fingerprint, String title, Instant now) {
    IncidentGroup known = groups.lock(projectId, fingerprint);
    if (known != null) {
      return known;
    }
    em.createNativeQuery(
            "insert into incident_group (project_id, fingerprint, title, level, first_seen,"
                + " last_seen, flood) values (?1, ?2, ?3, 'error', ?4, ?4, true)"
                + " on conflict (project_id, fingerprint) do nothing")
        .setParameter(1, projectId)
        .setParameter(2, fingerprint)
        .setParameter(3, title)
        .setParameter(4, now)
        .executeUpdate();
    return groups.lock(projectId, fingerprint);
  }

  /** Notes a kind a flood group took; false when it took it before. */
  public boolean foldKind(long floodGroupId, String fingerprint) {
    return em.createNativeQuery(
                "insert into incident_flood_kind (group_id, fingerprint) values (?1, ?2)"
                    + " on conflict do nothing")
            .setParameter(1, floodGroupId)
            .setParameter(2, fingerprint)
            .executeUpdate()
        == 1;
  }

  /** The payload bytes a project keeps, as last added up by every replica. */
  public long storedBytes(long projectId) {
    List<?> rows =
        em.createNativeQuery("select stored_bytes from incident_project where id = ?1")
            .setParameter(1, projectId)
            .getResultList();
    return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
  }

  /**
   * Adds each project's bytes stored since the last call (zero reads only) in one statement and
   * returns every project's figure afterwards.
   */
  @SuppressWarnings("unchecked")
  public Map<Long, Long> addStoredBytes(Map<Long, Long> added) {
    List<Object[]> rows =
        em.createNativeQuery(
                "update incident_project p set stored_bytes = greatest(0, p.stored_bytes + d.b)"
                    + " from unnest(cast(?1 as bigint[]), cast(?2 as bigint[])) d(id, b)"
                    + " where p.id = d.id returning p.id, p.stored_bytes")
            .setParameter(1, added.keySet().toArray(Long[]::new))
            .setParameter(2, added.values().toArray(Long[]::new))
            .getResultList();
    Map<Long, Long> now = new HashMap<>();
    rows.forEach(r -> now.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
    return now;
  }
}
