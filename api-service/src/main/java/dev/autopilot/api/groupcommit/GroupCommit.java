package dev.autopilot.api.groupcommit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Group commit: callers queue requests and get a stage; a few writer threads each take whatever is
 * queued (up to a batch size) and handle it in one database round trip. Under load many requests
 * share one transaction; alone, a request waits for nobody. The writer completes every stage of its
 * batch, normally or exceptionally, before it takes the next.
 *
 * @param <T> the queued request
 * @param <R> what a request's stage completes with
 */
public final class GroupCommit<T, R> {

  private static final Logger LOG = Logger.getLogger(GroupCommit.class);

  /** A queued request and the stage its caller waits on. */
  public record Pending<T, R>(T request, CompletableFuture<R> done) {}

  private final String name;
  private final int batchSize;
  private final BlockingQueue<Pending<T, R>> queue;
  private final Consumer<List<Pending<T, R>>> writer;
  private final Supplier<RuntimeException> unavailable;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param writer handles one batch and completes each pending stage
   * @param unavailable the failure for requests that cannot be handled (queue full, stopping, a
   *     writer error)
   */
  public GroupCommit(
      String name,
      int writers,
      int batchSize,
      int capacity,
      Consumer<List<Pending<T, R>>> writer,
      Supplier<RuntimeException> unavailable) {
    this.name = name;
    this.batchSize = batchSize;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = writer;
    this.unavailable = unavailable;
    for (int i = 0; i < writers; i++) {
      Thread t = new Thread(this::loop, name + "-writer-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /** Queues a request; the stage fails at once when the queue is full or stopping. */
  public CompletionStage<R> submit(T request) {
    Pending<T, R> p = new Pending<>(request, new CompletableFuture<>());
    if (!running || !queue.offer(p)) {
      return CompletableFuture.failedFuture(unavailable.get());
    }
    return p.done();
  }

  /** Handles what is queued, then stops the writers; later submissions fail. */
  public void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(10_000);
    }
    Pending<T, R> left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(unavailable.get());
    }
  }

  private void loop() {
    List<Pending<T, R>> batch = new ArrayList<>(batchSize);
    while (running || !queue.isEmpty()) {
      try {
        Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        writer.accept(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.errorf(e, "%s writer failed", name);
      } finally {
        // Whatever the writer left open fails rather than hangs.
        batch.forEach(p -> p.done().completeExceptionally(unavailable.get()));
        batch.clear();
      }
    }
  }
}
