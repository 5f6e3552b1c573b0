package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;

/** Lookups shared by the issue, comment and attachment features. */
public final class Issues {

  private Issues() {}

  /** The issue with this id, or a 404 problem. */
  public static Issue require(long id) {
    Issue issue = Issue.findById(id);
    if (issue == null) {
      throw ProblemException.notFound("Issue #" + id + " does not exist.");
    }
    return issue;
  }

  /** Refuses a change made against an older version than the stored one. */
  public static void checkVersion(Issue issue, Long expected) {
    if (expected != null && expected != issue.version) {
      throw ProblemException.conflict(
          "edit-conflict",
          "Issue #"
              + issue.id
              + " is at version "
              + issue.version
              + ", not "
              + expected
              + "; reload it and try again.");
    }
  }
}
