package dev.autopilot.api.incident;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/** Incident groups and their events: the one place that reads and writes them. */
@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<IncidentGroup, Long> {

  /** One stored event, as the events endpoint lists it. */
  public record StoredEvent(
      UUID eventId,
      Instant receivedAt,
      String release,
      String environment,
      @JsonRawValue String payload) {}

  /**
   * Creates the group of a new fingerprint, empty (or finds the one a concurrent event created),
   * and locks it for the rest of the transaction: events of one group are counted one after
   * another, events of different groups in parallel.
   */
  public IncidentGroup create(long projectId, String fingerprint, SentryEvent event, Instant now) {
    getEntityManager()
        .createNativeQuery(
            "insert into incident_group (project_id, fingerprint, title, level, first_seen,"
                + " last_seen, first_release, last_release, environment)"
                + " values (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?6, ?7)"
                + " on conflict (project_id, fingerprint) do nothing")
        .setParameter(1, projectId)
        .setParameter(2, fingerprint)
        .setParameter(3, event.title())
        .setParameter(4, cut(event.level(), 16))
        .setParameter(5, now)
        .setParameter(6, cut(event.release(), 200))
        .setParameter(7, cut(event.environment(), 200))
        .executeUpdate();
    return lock(projectId, fingerprint);
  }

  /** The group of this fingerprint, locked, or null when it is new. */
  public IncidentGroup lock(long projectId, String fingerprint) {
    return find("projectId = ?1 and fingerprint = ?2", projectId, fingerprint)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /**
   * Holds the transaction's changes to groups until it commits: a batch of events then writes each
   * group's row once, instead of once before every event insert.
   */
  public void flushAtCommit() {
    getEntityManager().setFlushMode(FlushModeType.COMMIT);
  }

  /** Stores an event; false when the project already has one with this id (an SDK's retry). */
  public boolean storeEvent(long projectId, long groupId, SentryEvent event, String payload) {
    return getEntityManager()
            .createNativeQuery(
                "insert into incident_event (project_id, event_id, group_id, release,"
                    + " environment, payload) values (?1, ?2, ?3, ?4, ?5, ?6)"
                    + " on conflict (project_id, event_id) do nothing")
            .setParameter(1, projectId)
            .setParameter(2, event.eventId())
            .setParameter(3, groupId)
            .setParameter(4, cut(event.release(), 200))
            .setParameter(5, cut(event.environment(), 200))
            .setParameter(6, payload)
            .executeUpdate()
        == 1;
  }

  /** An event to store on its (locked) group. */
  public record NewEvent(IncidentGroup group, IncidentService.Ingested ingested) {}

  /** The key of a group within a batch: its project and fingerprint. */
  static String key(IncidentService.Ingested e) {
    return key(e.projectId(), e.groupKey());
  }

  private static String key(long projectId, String fingerprint) {
    return projectId + ":" + fingerprint;
  }

  /**
   * The batch's groups that exist, locked in id order in one statement (so batches never deadlock
   * on one another), by {@link #key}.
   */
  @SuppressWarnings("unchecked")
  public Map<String, IncidentGroup> lockKnown(List<IncidentService.Ingested> batch) {
    // Native with arrays: an HQL "in" list of varying length is translated anew at every call.
    Map<String, IncidentService.Ingested> byKey = new LinkedHashMap<>();
    batch.forEach(e -> byKey.putIfAbsent(key(e), e));
    List<IncidentService.Ingested> keys = List.copyOf(byKey.values());
    List<IncidentGroup> rows =
        getEntityManager()
            .createNativeQuery(
                "select g.* from incident_group g"
                    + " join unnest(cast(?1 as bigint[]), cast(?2 as text[])) k(p, f)"
                    + " on g.project_id = k.p and g.fingerprint = cast(k.f as char(64))"
                    + " order by g.id for update of g",
                IncidentGroup.class)
            .setParameter(
                1, keys.stream().map(IncidentService.Ingested::projectId).toArray(Long[]::new))
            .setParameter(
                2, keys.stream().map(IncidentService.Ingested::groupKey).toArray(String[]::new))
            .getResultList();
    Map<String, IncidentGroup> known = new HashMap<>();
    for (IncidentGroup g : rows) {
      known.put(key(g.projectId, g.fingerprint), g);
    }
    return known;
  }

  /** Stores events in one round trip; each flag says whether it was new (not an SDK's resend). */
  public boolean[] storeEvents(List<NewEvent> events) {
    if (events.isEmpty()) {
      return new boolean[0];
    }
    return getEntityManager()
        .unwrap(Session.class)
        .doReturningWork(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "insert into incident_event (project_id, event_id, group_id, release,"
                          + " environment, payload) values (?, ?, ?, ?, ?, ?)"
                          + " on conflict (project_id, event_id) do nothing")) {
                for (NewEvent n : events) {
                  SentryEvent e = n.ingested().event();
                  ps.setLong(1, n.group().projectId);
                  ps.setObject(2, e.eventId());
                  ps.setLong(3, n.group().id);
                  ps.setString(4, cut(e.release(), 200));
                  ps.setString(5, cut(e.environment(), 200));
                  ps.setString(6, n.ingested().payload());
                  ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                boolean[] stored = new boolean[counts.length];
                for (int i = 0; i < counts.length; i++) {
                  stored[i] = counts[i] == 1;
                }
                return stored;
              }
            });
  }

  /** How many events of a group arrived since {@code since}. */
  public long eventsSince(long groupId, Instant since) {
    return ((Number)
            getEntityManager()
                .createNativeQuery(
                    "select count(*) from incident_event where group_id = ?1 and received_at >= ?2")
                .setParameter(1, groupId)
                .setParameter(2, since)
                .getSingleResult())
        .longValue();
  }

  /** The group an issue stands for, if it is an incident. */
  public Optional<IncidentGroup> ofIssue(long issueId) {
    return find("issueId", issueId).firstResultOptional();
  }

  /** A project's groups, most recently seen first. */
  public List<IncidentGroup> ofProject(Long projectId, Set<Long> within, int limit) {
    String where = projectId == null ? "true" : "projectId = :one";
    if (within != null) {
      // Only incident projects that file into projects the caller reads.
      where +=
          " and projectId in (select p.id from IncidentProject p where p.projectId in :within)";
    }
    Map<String, Object> params = new java.util.HashMap<>();
    if (projectId != null) {
      params.put("one", projectId);
    }
    if (within != null) {
      params.put("within", within.isEmpty() ? Set.of(-1L) : within);
    }
    return find(where + " order by lastSeen desc", params).page(0, limit).list();
  }

  /** The newest events of a group. */
  @SuppressWarnings("unchecked")
  public List<StoredEvent> events(long groupId, int limit) {
    List<Object[]> rows =
        getEntityManager()
            .createNativeQuery(
                "select event_id, received_at, release, environment, payload from incident_event"
                    + " where group_id = ?1 order by received_at desc limit ?2")
            .setParameter(1, groupId)
            .setParameter(2, limit)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new StoredEvent(
                    (UUID) r[0],
                    r[1] instanceof Instant i ? i : ((java.time.OffsetDateTime) r[1]).toInstant(),
                    (String) r[2],
                    (String) r[3],
                    (String) r[4]))
        .toList();
  }

  /**
   * Deletes events received before {@code cutoff}, at most {@code limit} of them, and takes their
   * payload bytes off their projects' stored figure in the same statement; the kinds of flood
   * groups older than the cutoff go too (they only keep a kind from counting twice in its hour).
   */
  public int deleteEventsBefore(Instant cutoff, int limit) {
    getEntityManager()
        .createNativeQuery(
            "delete from incident_flood_kind where group_id in (select id from incident_group"
                + " where flood and first_seen < ?1)")
        .setParameter(1, cutoff)
        .executeUpdate();
    return ((Number)
            getEntityManager()
                .createNativeQuery(
                    "with gone as (delete from incident_event where ctid in (select ctid from"
                        + " incident_event where received_at < ?1 limit ?2)"
                        + " returning project_id, octet_length(payload) as bytes),"
                        + " freed as (update incident_project p"
                        + " set stored_bytes = greatest(0, p.stored_bytes - f.bytes)"
                        + " from (select project_id, sum(bytes) as bytes from gone"
                        + " group by project_id) f where p.id = f.project_id)"
                        + " select count(*) from gone")
                .setParameter(1, cutoff)
                .setParameter(2, limit)
                .getSingleResult())
        .intValue();
  }

  /** A group whose issue body shows an older count than the group has. */
  public record StaleBody(
      long groupId,
      long issueId,
      long count,
      Instant lastSeen,
      String lastRelease,
      String body,
      Integer floodKinds) {}

  /** Groups whose issue body is behind their count, longest behind first. */
  @SuppressWarnings("unchecked")
  public List<Long> staleBodies(int limit) {
    List<Number> ids =
        getEntityManager()
            .createNativeQuery(
                "select id from incident_group where body_count <> event_count"
                    + " and issue_id is not null order by last_seen limit ?1")
            .setParameter(1, limit)
            .getResultList();
    return ids.stream().map(Number::longValue).toList();
  }

  /**
   * A group whose body is still behind, locked with its figures read again; null when another
   * replica or the ingest holds it (it is caught up in a later round) or it is no longer behind.
   * The group is locked before the issue, the ingest's order, so the two never deadlock.
   */
  @SuppressWarnings("unchecked")
  public StaleBody lockStale(long groupId) {
    List<Object[]> rows =
        getEntityManager()
            .createNativeQuery(
                "select g.id, g.issue_id, g.event_count, g.last_seen, g.last_release, i.body,"
                    + " case when g.flood then g.flood_kinds end"
                    + " from incident_group g join issue i on i.id = g.issue_id"
                    + " where g.id = ?1 and g.body_count <> g.event_count"
                    + " for update of g skip locked")
            .setParameter(1, groupId)
            .getResultList();
    if (rows.isEmpty()) {
      return null;
    }
    Object[] r = rows.get(0);
    return new StaleBody(
        ((Number) r[0]).longValue(),
        ((Number) r[1]).longValue(),
        ((Number) r[2]).longValue(),
        r[3] instanceof Instant i ? i : ((java.time.OffsetDateTime) r[3]).toInstant(),
        (String) r[4],
        (String) r[5],
        r[6] == null ? null : ((Number) r[6]).intValue());
  }

  /** Notes the count the group's issue body now shows (or no longer needs to). */
  public void bodyShows(long groupId, long count) {
    getEntityManager()
        .createNativeQuery("update incident_group set body_count = ?1 where id = ?2")
        .setParameter(1, count)
        .setParameter(2, groupId)
        .executeUpdate();
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
