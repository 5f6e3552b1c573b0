package dev.autopilot.api.incident;

import dev.autopilot.api.issue.IssueRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps an incident issue's body current: its count, last seen and latest release. Rewriting the
 * body on every event would cost the ingest a second row write and a re-index per event; instead a
 * periodic round rewrites each body that is behind once, so a burst of a thousand events costs one
 * rewrite. Every replica runs it; a body changed by anyone in between is left alone.
 */
@ApplicationScoped
class IncidentBodies {

  private static final Logger LOG = Logger.getLogger(IncidentBodies.class);
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
    List<Long> stale = QuarkusTransaction.requiringNew().call(() -> groups.staleBodies(BATCH));
    for (long groupId : stale) {
      try {
        QuarkusTransaction.requiringNew().run(() -> rewrite(groupId));
      } catch (RuntimeException e) {
        // One body that cannot be written must not hold up the others behind it.
        LOG.warnf("Incident group %d: its issue body was not brought up to date (%s)", groupId, e);
      }
    }
  }

  /**
   * Rewrites one body while holding its group, so no replica and no ingest batch changes the count
   * meanwhile; the count is noted only once the body shows it, or a reviewer's text replaced it.
   */
  void rewrite(long groupId) {
    IncidentRepository.StaleBody s = groups.lockStale(groupId);
    if (s == null) {
      return;
    }
    String body =
        IncidentText.withCounts(s.body(), s.count(), s.lastSeen(), s.lastRelease(), s.floodKinds());
    if (body == null
        || body.equals(s.body())
        || issues.replaceBodyIfUnchanged(s.issueId(), s.body(), body)) {
      groups.bodyShows(s.groupId(), s.count());
    }
  }
}
