package dev.autopilot.api.retention;

import dev.autopilot.api.dispatch.DispatchConfig;
import dev.autopilot.api.github.GithubDeliveryRepository;
import dev.autopilot.api.incident.IncidentConfig;
import dev.autopilot.api.incident.IncidentRepository;
import dev.autopilot.api.notify.NotificationRepository;
import dev.autopilot.api.outbox.OutboxRepository;
import dev.autopilot.api.run.RunRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps the dispatch tables bounded: outbox rows the broker acknowledged long ago (one per
 * hand-off), the progress events of long-finished runs (up to 20,000 per run), old incident events
 * (their groups keep the counts) and delivered notifications. Unsent outbox rows and the runs
 * themselves (outcome, summary, patch, cost) are never deleted.
 */
@ApplicationScoped
public class Retention {

  private static final Logger LOG = Logger.getLogger(Retention.class);
  private static final int RUNS_PER_ROUND = 100;

  private final OutboxRepository outbox;
  private final RunRepository runs;
  private final IncidentRepository incidents;
  private final NotificationRepository notifications;
  private final GithubDeliveryRepository github;
  private final DispatchConfig config;
  private final IncidentConfig incidentConfig;

  public Retention(
      OutboxRepository outbox,
      RunRepository runs,
      IncidentRepository incidents,
      NotificationRepository notifications,
      GithubDeliveryRepository github,
      DispatchConfig config,
      IncidentConfig incidentConfig) {
    this.outbox = outbox;
    this.runs = runs;
    this.incidents = incidents;
    this.notifications = notifications;
    this.github = github;
    this.config = config;
    this.incidentConfig = incidentConfig;
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    long sent = deleteSentOutbox();
    int events = 0;
    for (int n; (n = deleteOldEvents()) > 0; ) {
      events += n; // in rounds, so a first clean-up of a large table is not one huge transaction
    }
    long delivered = deleteDeliveredNotifications() + deleteOldGithubDeliveries();
    long incidentEvents = 0;
    for (int n; (n = deleteOldIncidentEvents()) > 0; ) {
      incidentEvents += n;
    }
    if (sent + events + incidentEvents + delivered > 0) {
      LOG.infof(
          "Deleted %d sent outbox row(s), %d old run event(s), %d old incident event(s) and %d"
              + " delivered notification(s) or GitHub delivery id(s)",
          sent, events, incidentEvents, delivered);
    }
  }

  /** Deletes outbox rows sent before the retention; returns how many. */
  @Transactional
  public long deleteSentOutbox() {
    return outbox.deleteSentBefore(Instant.now().minus(config.outboxRetention()));
  }

  /** Deletes notifications delivered before the outbox retention; failed ones stay. */
  @Transactional
  public long deleteDeliveredNotifications() {
    return notifications.deleteDeliveredBefore(Instant.now().minus(config.outboxRetention()));
  }

  /** Forgets GitHub delivery ids after the outbox retention (GitHub redelivers within days). */
  @Transactional
  public long deleteOldGithubDeliveries() {
    return github.deleteBefore(Instant.now().minus(config.outboxRetention()));
  }

  /** Deletes up to 1,000 incident events older than their retention (groups stay). */
  @Transactional
  public int deleteOldIncidentEvents() {
    return incidents.deleteEventsBefore(
        Instant.now().minus(incidentConfig.eventRetention()), 1_000);
  }

  /** Deletes the events of up to 100 runs that finished before the retention; returns how many. */
  @Transactional
  public int deleteOldEvents() {
    return runs.deleteEventsFinishedBefore(
        Instant.now().minus(config.eventRetention()), RUNS_PER_ROUND);
  }
}
