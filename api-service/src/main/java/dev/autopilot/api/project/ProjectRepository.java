package dev.autopilot.api.project;

import dev.autopilot.api.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Projects: the one place that reads and writes the project table. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, Long> {

  /** The project with this key (any case), if there is one. */
  public Optional<Project> byKey(String key) {
    return find("key", ProjectKeys.normal(key)).firstResultOptional();
  }

  /** The project with this key, or a 404 problem. */
  public Project require(String key) {
    return byKey(key)
        .orElseThrow(() -> ProblemException.notFound("Project '" + key + "' does not exist."));
  }

  /**
   * The project a request names by key (a 400 problem if none has it); unnamed, the first project
   * (the migrated {@code default}), so clients written for one repository keep working.
   */
  public Project named(String key) {
    if (key != null && !key.isBlank()) {
      return byKey(key)
          .orElseThrow(() -> ProblemException.badRequest("Project '" + key + "' does not exist."));
    }
    return first().orElseThrow(() -> ProblemException.badRequest("There is no project yet."));
  }

  /** The first project made: the migrated {@code default} unless an admin removed it. */
  public Optional<Project> first() {
    return find("order by id").firstResultOptional();
  }

  /** Every project, oldest first. */
  public List<Project> byId() {
    return list("order by id");
  }

  /** Every project, by key. */
  public List<Project> all() {
    return list("order by key");
  }

  /** The project whose GitHub repository ({@code owner/name}, any case) this is. */
  public Optional<Project> byGithubRepository(String fullName) {
    return find("githubRepository", fullName.toLowerCase(Locale.ROOT)).firstResultOptional();
  }

  /** How many issues the project holds. */
  public long issueCount(long projectId) {
    return ((Number)
            getEntityManager()
                .createNativeQuery("select count(*) from issue where project_id = ?1")
                .setParameter(1, projectId)
                .getSingleResult())
        .longValue();
  }

  /** How many issues each project holds, in one query (projects without issues are absent). */
  @SuppressWarnings("unchecked")
  public java.util.Map<Long, Long> issueCounts() {
    java.util.Map<Long, Long> counts = new java.util.HashMap<>();
    for (Object[] row :
        (List<Object[]>)
            getEntityManager()
                .createNativeQuery("select project_id, count(*) from issue group by project_id")
                .getResultList()) {
      counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
    return counts;
  }
}
