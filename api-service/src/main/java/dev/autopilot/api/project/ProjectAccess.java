package dev.autopilot.api.project;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.ProjectRoles;
import dev.autopilot.api.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which projects the caller reaches. Someone with no role in a project is told its issues do not
 * exist (404, never 403), so a project's existence and numbering do not leak; someone who reads a
 * project but may not write in it gets 403 for a write.
 */
@RequestScoped
public class ProjectAccess {

  private final ProjectRoles.Grants grants;
  private final ProjectDirectory directory;

  public ProjectAccess(SecurityIdentity identity, ProjectDirectory directory) {
    this.grants = ProjectRoles.of(identity);
    this.directory = directory;
  }

  /** The ids of the projects whose issues the caller reads; null: every project. */
  public Set<Long> readable() {
    if (grants.readsAll()) {
      return null;
    }
    return grants.projects().keySet().stream()
        .map(directory::byKey)
        .flatMap(java.util.Optional::stream)
        .map(ProjectDirectory.Entry::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The ids of the projects the caller sees listed (an admin: all of them); null: every one. */
  public Set<Long> listed() {
    return grants.global().contains(Roles.ADMIN) ? null : readable();
  }

  /** Whether the caller reads every project's issues (a global viewer or reviewer). */
  public boolean readsAll() {
    return grants.readsAll();
  }

  /** Whether the caller writes in every project (a global reviewer). */
  public boolean writesAll() {
    return grants.global().contains(Roles.REVIEWER);
  }

  /** Whether the caller reads issues of this project. */
  public boolean reads(long projectId) {
    return grants.readsAll() || grants.reads(key(projectId));
  }

  /** Whether the caller may create, edit, comment on and move issues of this project. */
  public boolean writes(long projectId) {
    return grants.writes(key(projectId));
  }

  /** A 404 problem ({@code what} does not exist) unless the caller reads this project. */
  public void requireRead(long projectId, String what) {
    if (!reads(projectId)) {
      throw ProblemException.notFound(what + " does not exist.");
    }
  }

  /** As {@link #requireRead}, then a 403 problem unless the caller writes in this project. */
  public void requireWrite(long projectId, String what) {
    requireRead(projectId, what);
    if (!writes(projectId)) {
      throw new ProblemException(
          403, "forbidden", "Forbidden", "You may read this project's issues, not change them.");
    }
  }

  private String key(long projectId) {
    return directory.byId(projectId).map(ProjectDirectory.Entry::key).orElse("");
  }
}
