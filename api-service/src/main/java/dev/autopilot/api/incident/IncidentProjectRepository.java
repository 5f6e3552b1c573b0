package dev.autopilot.api.incident;

import dev.autopilot.api.problem.ProblemException;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Incident projects and their DSN keys: the one place that reads and writes them. A key is looked
 * up by its hash; answers are cached briefly, so a flood of events costs no query per event, and a
 * revoked key stops working here at once and on other instances within the cache's expiry.
 */
@ApplicationScoped
public class IncidentProjectRepository implements PanacheRepositoryBase<IncidentProject, Long> {

  static final String KEY_CACHE = "incident-keys";

  /** What an accepted DSN key grants: events into one project. */
  public record Grant(long keyId, long projectId, String projectName) {}

  /** The project with this id, or a 404 problem. */
  public IncidentProject require(long id) {
    IncidentProject project = findById(id);
    if (project == null) {
      throw ProblemException.notFound("No such incident project.");
    }
    return project;
  }

  /** The built-in project of the api-service's own errors. */
  public IncidentProject own() {
    return find("name", IncidentProject.OWN).firstResult();
  }

  /** Whether a project of this name exists. */
  public boolean named(String name) {
    return count("name", name) > 0;
  }

  /** All projects, by name. */
  public List<IncidentProject> all() {
    return list("order by name");
  }

  /** The keys of a project, newest first, revoked ones included. */
  public List<IncidentKey> keys(long projectId) {
    return IncidentKey.list("projectId = ?1 order by createdAt desc, id desc", projectId);
  }

  /** The key of a project, or a 404 problem. */
  public IncidentKey requireKey(long projectId, long keyId) {
    IncidentKey key = IncidentKey.findById(keyId);
    if (key == null || key.projectId != projectId) {
      throw ProblemException.notFound("No such key in this project.");
    }
    return key;
  }

  /**
   * The project a live key sends to, read from the database; callers go through the {@link
   * #KEY_CACHE} cache, which keeps only keys that exist (see {@link SentryKeyIdentityProvider}).
   */
  @Transactional
  public Optional<Grant> grant(String keyHash) {
    return getEntityManager()
        .createQuery(
            "select k.id, p.id, p.name from IncidentKey k, IncidentProject p"
                + " where k.projectId = p.id and k.keyHash = ?1 and k.revokedAt is null",
            Object[].class)
        .setParameter(1, keyHash)
        .getResultStream()
        .findFirst()
        .map(r -> new Grant((Long) r[0], (Long) r[1], (String) r[2]));
  }

  /** Revokes a key; the key cache forgets everything so the key stops working here now. */
  @CacheInvalidateAll(cacheName = KEY_CACHE)
  @Transactional
  public void revoke(IncidentKey key) {
    if (key.revokedAt == null) {
      key.revokedAt = Instant.now();
    }
  }

  /** Hex SHA-256 of a key as sent. */
  public static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
