package dev.autopilot.runner.job;

import dev.autopilot.contract.ProgressBatch;
import dev.autopilot.runner.agent.AgentEvent;
import dev.autopilot.runner.api.RunnerApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Batches agent progress and sends it twice a second, so the board's live log keeps up. Lines are
 * numbered and kept until the server has them: during an api-service outage they wait (up to {@link
 * #MAX_PENDING}, then the oldest are dropped and counted) and are resent in order when it is back;
 * the server stores each number once.
 */
final class ProgressBuffer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ProgressBuffer.class);
  static final int MAX_PENDING = 10_000;
  private static final int MAX_BATCH = 500;

  private record Line(long seq, ProgressBatch.Event event) {}

  private final RunnerApi api;
  private final String claim;
  private final long token;
  private final int maxPending;
  private final ArrayDeque<Line> pending = new ArrayDeque<>();
  private final Object sending = new Object();
  private long nextSeq;
  private long dropped;
  private volatile boolean over;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "progress"));

  ProgressBuffer(RunnerApi api, String claim, long token) {
    this(api, claim, token, MAX_PENDING);
  }

  ProgressBuffer(RunnerApi api, String claim, long token, int maxPending) {
    this.api = api;
    this.claim = claim;
    this.token = token;
    this.maxPending = maxPending;
    timer.scheduleWithFixedDelay(this::flushQuietly, 500, 500, TimeUnit.MILLISECONDS);
  }

  void add(AgentEvent event) {
    synchronized (pending) {
      if (over) {
        return;
      }
      if (pending.size() >= maxPending) {
        pending.removeFirst();
        dropped++;
      }
      pending.addLast(
          new Line(nextSeq++, new ProgressBatch.Event(event.kind(), event.text(), Instant.now())));
    }
  }

  /** Sends what is pending, a batch at a time; throws while the server cannot be reached. */
  void flush() {
    synchronized (sending) {
      while (true) {
        List<Line> batch = new ArrayList<>(MAX_BATCH);
        long droppedSoFar;
        synchronized (pending) {
          Iterator<Line> it = pending.iterator();
          while (it.hasNext() && batch.size() < MAX_BATCH) {
            batch.add(it.next());
          }
          droppedSoFar = dropped;
        }
        if (batch.isEmpty() || over) {
          return;
        }
        boolean claimHeld =
            api.progress(
                claim,
                new ProgressBatch(
                    token,
                    batch.stream().map(Line::event).toList(),
                    batch.get(0).seq(),
                    droppedSoFar));
        long last = batch.get(batch.size() - 1).seq();
        synchronized (pending) {
          if (!claimHeld) {
            over = true; // cancelled or superseded: nobody will read these
            pending.clear();
            return;
          }
          while (!pending.isEmpty() && pending.peekFirst().seq() <= last) {
            pending.removeFirst();
          }
        }
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.debugf("Progress not sent yet (%s); kept for the next try", e.getMessage());
    }
  }

  /** Lines dropped so far because the buffer was full. */
  long dropped() {
    synchronized (pending) {
      return dropped;
    }
  }

  /**
   * Stops the timer and sends what is left, retrying for up to {@code patience} while the
   * api-service is away: the run's report follows, and the server takes no lines after it.
   */
  void drain(Duration patience) {
    timer.shutdownNow();
    long deadline = System.nanoTime() + patience.toNanos();
    long pause = 250;
    while (true) {
      try {
        flush();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
          LOG.warnf("Progress lines not delivered (%s)", e.getMessage());
          return;
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pause = Math.min(pause * 2, 5_000);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    flushQuietly();
  }
}
