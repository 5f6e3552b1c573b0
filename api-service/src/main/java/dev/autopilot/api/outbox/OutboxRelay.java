package dev.autopilot.api.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.dispatch.DispatchConfig;
import dev.autopilot.contract.WorkAvailable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to {@code autopilot.work} and marks them sent only once the broker has
 * acknowledged them. Woken right after a hand-off commits, and polling as a safety net; while Kafka
 * is down rows simply wait, and a restart loses nothing. Rows are locked with {@code SKIP LOCKED},
 * so several api-service instances share the work without publishing a row twice.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Emitter<String> emitter;
  private final OutboxRepository outbox;
  // Backs off from 100 ms up to MAX_BACKOFF while publishing fails, for as long as it fails.
  private final Guard retry =
      Guard.create()
          .withRetry()
          .maxRetries(-1)
          .maxDuration(0, ChronoUnit.MILLIS)
          .delay(100, ChronoUnit.MILLIS)
          .jitter(50, ChronoUnit.MILLIS)
          .withExponentialBackoff()
          .factor(2)
          .maxDelay(MAX_BACKOFF.toMillis(), ChronoUnit.MILLIS)
          .done()
          .done()
          .build();
  private final ObjectMapper json;
  private final DispatchConfig config;
  private final Semaphore signal = new Semaphore(0);
  private final AtomicLong backlog = new AtomicLong();
  private final Timer publishLag;
  private volatile boolean running;
  private Thread worker;

  public OutboxRelay(
      @Channel("work") Emitter<String> emitter,
      OutboxRepository outbox,
      ObjectMapper json,
      DispatchConfig config,
      MeterRegistry metrics) {
    this.emitter = emitter;
    this.outbox = outbox;
    this.json = json;
    this.config = config;
    this.publishLag =
        Timer.builder("autopilot.outbox.publish.lag")
            .description("Time from an issue becoming ready to the broker acknowledging it")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    metrics.gauge("autopilot.outbox.backlog", backlog);
  }

  // Only once the outbox row is committed, so the relay's read sees it.
  void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) DispatchHooks.Queued queued) {
    wake();
  }

  /** Asks the relay to look at the outbox now. */
  public void wake() {
    signal.release();
  }

  void start(@Observes StartupEvent event) {
    running = true;
    worker = new Thread(this::loop, "outbox-relay");
    worker.setDaemon(true);
    worker.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    if (worker != null) {
      worker.interrupt();
    }
  }

  private void loop() {
    while (running) {
      try {
        Batch batch = retry.call(this::publishRound, Batch.class);
        if (batch.size() == BATCH) {
          continue;
        }
        backlog.set(safePending());
        waitForWork(config.relayPollInterval());
      } catch (Exception e) {
        if (!running) {
          return; // interrupted while backing off: shutting down
        }
        LOG.warnf("Outbox relay round failed: %s", e.getMessage());
        waitForWork(MAX_BACKOFF); // never spin on a failure the guard did not retry
      }
    }
  }

  // One round, retried by the guard with backoff while Kafka or the database is away.
  private Batch publishRound() {
    if (!running) {
      return new Batch(0, null);
    }
    try {
      Batch batch = QuarkusTransaction.requiringNew().call(this::publishBatch);
      if (batch.failure() != null) {
        throw batch.failure();
      }
      return batch;
    } catch (RuntimeException e) {
      LOG.warnf("Publishing work failed (%s); retrying with backoff", e.getMessage());
      backlog.set(safePending());
      throw e;
    }
  }

  /** What one round did: rows locked, and why not all were acknowledged. */
  private record Batch(int size, RuntimeException failure) {}

  /** Sends one batch and marks (and commits) what the broker acknowledged. */
  private Batch publishBatch() {
    List<OutboxEntry> rows = outbox.lockUnsent(BATCH);
    if (rows.isEmpty()) {
      return new Batch(0, null);
    }
    List<CompletableFuture<OutboxEntry>> acks = new ArrayList<>(rows.size());
    for (OutboxEntry row : rows) {
      acks.add(send(row));
    }
    List<Long> sent = new ArrayList<>();
    RuntimeException failure = null;
    long deadline = System.nanoTime() + config.relayAckTimeout().toNanos();
    for (CompletableFuture<OutboxEntry> ack : acks) {
      try {
        OutboxEntry row = ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        sent.add(row.id);
        publishLag.record(Duration.between(row.readyAt, Instant.now()));
      } catch (Exception e) {
        failure = new IllegalStateException("broker did not acknowledge", e);
      }
    }
    if (!sent.isEmpty()) {
      outbox.markSent(sent);
    }
    // What was not acknowledged stays unsent for the next round.
    return new Batch(rows.size(), failure);
  }

  private CompletableFuture<OutboxEntry> send(OutboxEntry row) {
    CompletableFuture<OutboxEntry> ack = new CompletableFuture<>();
    try {
      String value =
          json.writeValueAsString(
              new WorkAvailable(
                  WorkAvailable.VERSION,
                  row.issueId,
                  row.attempt,
                  row.priority,
                  row.readyAt,
                  row.project));
      Message<String> message =
          Message.of(value)
              .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key(row)).build())
              .withAck(
                  () -> {
                    ack.complete(row);
                    return CompletableFuture.completedFuture(null);
                  })
              .withNack(
                  t -> {
                    ack.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                  });
      emitter.send(message);
    } catch (JsonProcessingException | RuntimeException e) {
      ack.completeExceptionally(e);
    }
    return ack;
  }

  // "shop/4711": the project first, so a runner can tell without reading the value; the issue id
  // after it, so one project's hand-offs still spread over every partition (keyed by the project
  // alone, one runner of a group would be woken for all of its work).
  static String key(OutboxEntry row) {
    return row.project != null ? row.project + "/" + row.issueId : Long.toString(row.issueId);
  }

  private long pending() {
    return QuarkusTransaction.requiringNew().call(outbox::unsent);
  }

  private long safePending() {
    try {
      return pending();
    } catch (RuntimeException e) {
      return backlog.get();
    }
  }

  private void waitForWork(Duration timeout) {
    try {
      if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        signal.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
