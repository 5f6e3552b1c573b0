package dev.autopilot.api.incident;

import dev.autopilot.api.groupcommit.GroupCommit;
import dev.autopilot.api.groupcommit.GroupCommit.Pending;
import dev.autopilot.api.incident.IncidentService.Ingested;
import dev.autopilot.api.incident.IncidentService.Recorded;
import dev.autopilot.api.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Group commit for ingested events: a few writers each record whatever is queued (up to a batch) in
 * one transaction, sorted by group so that concurrent batches lock groups in one order. A flood of
 * one error then costs one commit per batch, not one per event, and each event is answered only
 * after its commit. A batch that fails is retried event by event, so one bad event fails alone.
 */
@ApplicationScoped
public class IncidentWriter {

  private static final Logger LOG = Logger.getLogger(IncidentWriter.class);
  private static final Comparator<Pending<Ingested, Recorded>> LOCK_ORDER =
      Comparator.comparingLong((Pending<Ingested, Recorded> p) -> p.request().projectId())
          .thenComparing(p -> p.request().groupKey());

  private final IncidentService incidents;
  private final IncidentConfig config;
  private GroupCommit<Ingested, Recorded> writers;

  public IncidentWriter(IncidentService incidents, IncidentConfig config) {
    this.incidents = incidents;
    this.config = config;
  }

  void start(@Observes StartupEvent e) {
    writers =
        new GroupCommit<>(
            "incidents",
            config.writers(),
            config.batchSize(),
            config.queueCapacity(),
            this::write,
            IncidentWriter::unavailable);
  }

  void stop(@Observes ShutdownEvent e) throws InterruptedException {
    writers.stop();
  }

  /** Queues an event; the stage completes once it is committed (503 when it cannot be). */
  public CompletionStage<Recorded> submit(Ingested event) {
    return writers.submit(event);
  }

  private void write(List<Pending<Ingested, Recorded>> batch) {
    List<Pending<Ingested, Recorded>> ordered = new ArrayList<>(batch);
    ordered.sort(LOCK_ORDER);
    try {
      List<Recorded> done = incidents.recordAll(ordered.stream().map(Pending::request).toList());
      for (int i = 0; i < ordered.size(); i++) {
        ordered.get(i).done().complete(done.get(i));
      }
    } catch (RuntimeException e) {
      if (ordered.size() == 1) {
        LOG.warnf("Recording an incident event failed: %s", e.getMessage());
        ordered
            .get(0)
            .done()
            .completeExceptionally(e instanceof ProblemException problem ? problem : unavailable());
        return;
      }
      ordered.forEach(p -> write(List.of(p)));
    }
  }

  private static ProblemException unavailable() {
    return ProblemException.unavailable(
        "Events cannot be recorded right now; try again in a few seconds.", 5);
  }
}
