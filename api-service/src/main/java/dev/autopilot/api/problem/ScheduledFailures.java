package dev.autopilot.api.problem;

import io.quarkus.scheduler.FailedExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Logs failed scheduled tasks in place of the scheduler (whose own log is switched off): while the
 * database is down, every periodic task fails each round, and one line each says so without burying
 * the log in identical stack traces.
 */
@ApplicationScoped
class ScheduledFailures {

  private static final Logger LOG = Logger.getLogger(ScheduledFailures.class);

  void failed(@Observes FailedExecution failed) {
    Throwable e = failed.getException();
    String task = failed.getExecution().getTrigger().getId();
    if (DatabaseOutage.causedBy(e)) {
      LOG.warnf("%s skipped: the database is unreachable (%s)", task, DatabaseOutage.reason(e));
    } else {
      LOG.errorf(e, "Scheduled task %s failed", task);
    }
  }
}
