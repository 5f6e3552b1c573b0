package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectAccess;
import jakarta.enterprise.context.RequestScoped;

/**
 * Turns the issue a path names into its global id, the one the services work with, once the caller
 * is known to reach it: an issue of a project the caller has no role in does not exist for them.
 */
@RequestScoped
public class IssueRefs {

  private final IssueRepository issues;
  private final ProjectAccess access;

  public IssueRefs(IssueRepository issues, ProjectAccess access) {
    this.issues = issues;
    this.access = access;
  }

  /** The global id of an issue the caller reads; a 404 problem otherwise. */
  public long id(IssueRef ref) {
    if (ref.id() != null && access.readsAll()) {
      return ref.id(); // every project is theirs: the service's own lookup says whether it exists
    }
    IssueRepository.Located issue = locate(ref);
    access.requireRead(issue.projectId(), "Issue " + ref);
    return issue.id();
  }

  /** The global id of an issue the caller may change: 404 if they do not read it, else 403. */
  public long writable(IssueRef ref) {
    if (ref.id() != null && access.writesAll()) {
      return ref.id();
    }
    IssueRepository.Located issue = locate(ref);
    access.requireWrite(issue.projectId(), "Issue " + ref);
    return issue.id();
  }

  /** Whether the caller reads the issue with this global id (false: there is none). */
  public boolean reads(long issueId) {
    return issues.locate(issueId, null).map(i -> access.reads(i.projectId())).orElse(false);
  }

  private IssueRepository.Located locate(IssueRef ref) {
    return issues
        .locate(ref.id(), ref.ref())
        .orElseThrow(() -> ProblemException.notFound("Issue " + ref + " does not exist."));
  }
}
