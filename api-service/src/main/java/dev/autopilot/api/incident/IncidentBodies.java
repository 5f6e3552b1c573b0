package dev.autopilot.api.incident;

import dev.autopilot.api.issue.IssueRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Keeps an incident issue's body current: its count, last seen and latest release. Rewriting the
 * body on every event would cost the ingest a second row write and a re-index per event; instead a
 * periodic round rewrites each body that is behind once, so a burst of a thousand events costs one
 * rewrite. Every replica runs it; a body changed by anyone in between is left alone.
 */
@ApplicationScoped
class IncidentBodies {

  private static final int BATCH = 100;

  private final IncidentRepository groups;
  private final IssueRepository issues;

  IncidentBodies(IncidentRepository groups, IssueRepository issues) {
    this.groups = groups;
    this.issues = issues;
  }

  @Scheduled(
      every = "${autopilot.incidents.body-refresh:5s}",
      delayed = "${autopilot.incidents.body-refresh:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    List<IncidentRepository.StaleBody> stale =
        QuarkusTransaction.requiringNew().call(() -> groups.staleBodies(BATCH));
    for (IncidentRepository.StaleBody s : stale) {
      QuarkusTransaction.requiringNew().run(() -> rewrite(s));
    }
  }

  /** Rewrites one body; the group's note comes first (the ingest's lock order: group, issue). */
  void rewrite(IncidentRepository.StaleBody s) {
    groups.bodyShows(s.groupId(), s.count());
    String body = IncidentText.withCounts(s.body(), s.count(), s.lastSeen(), s.lastRelease());
    if (body != null && !body.equals(s.body())) {
      issues.replaceBodyIfUnchanged(s.issueId(), s.body(), body);
    }
  }
}
