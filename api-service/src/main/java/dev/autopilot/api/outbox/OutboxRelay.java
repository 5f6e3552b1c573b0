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
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.time.Instant;
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
    Duration backoff = Duration.ofMillis(100);
    while (running) {
      try {
        Batch batch = QuarkusTransaction.requiringNew().call(this::publishBatch);
        if (batch.failure() != null) {
          throw batch.failure();
        }
        backoff = Duration.ofMillis(100);
        if (batch.size() == BATCH) {
          continue;
        }
        backlog.set(pending());
        waitForWork(config.relayPollInterval());
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warnf(
            "Publishing work failed (%s); retrying in %d ms", e.getMessage(), backoff.toMillis());
        backlog.set(safePending());
        waitForWork(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
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
                  WorkAvailable.VERSION, row.issueId, row.attempt, row.priority, row.readyAt));
      Message<String> message =
          Message.of(value)
              .addMetadata(
                  OutgoingKafkaRecordMetadata.<String>builder()
                      .withKey(Long.toString(row.issueId))
                      .build())
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
