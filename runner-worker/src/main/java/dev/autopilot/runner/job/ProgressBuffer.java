package dev.autopilot.runner.job;

import dev.autopilot.contract.ProgressBatch;
import dev.autopilot.runner.agent.AgentEvent;
import dev.autopilot.runner.api.RunnerApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Batches agent progress and sends it twice a second, so the board's live log keeps up. */
final class ProgressBuffer implements AutoCloseable {

  private final RunnerApi api;
  private final String claim;
  private final long token;
  private final List<ProgressBatch.Event> pending = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "progress"));

  ProgressBuffer(RunnerApi api, String claim, long token) {
    this.api = api;
    this.claim = claim;
    this.token = token;
    timer.scheduleWithFixedDelay(this::flush, 500, 500, TimeUnit.MILLISECONDS);
  }

  void add(AgentEvent event) {
    synchronized (pending) {
      pending.add(new ProgressBatch.Event(event.kind(), event.text(), Instant.now()));
    }
  }

  void flush() {
    List<ProgressBatch.Event> batch;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(pending.subList(0, Math.min(pending.size(), 500)));
      pending.subList(0, batch.size()).clear();
    }
    try {
      api.progress(claim, new ProgressBatch(token, batch));
    } catch (RuntimeException e) {
      // Progress is best effort: the report carries what matters.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    flush();
  }
}
