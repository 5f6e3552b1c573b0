package dev.autopilot.runner.work;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.contract.WorkAvailable;
import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.api.RunnerApi;
import dev.autopilot.runner.job.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Takes work: a message on {@code autopilot.work} wakes a free slot, which claims the most urgent
 * ready issue through the API. The offset is committed only once the claim was answered (won, or
 * nothing claimable). While every slot is busy the partitions are paused but still polled, so the
 * consumer stays in its group however long a job takes: no rebalance storms.
 */
public class WorkConsumer implements Runnable {

  private static final Logger LOG = Logger.getLogger(WorkConsumer.class);

  private final RunnerConfig config;
  private final RunnerApi api;
  private final Job job;
  private final String runnerId;
  private final String bootstrap;
  private final WorkMessages messages;
  private final List<String> served;
  private final ConcurrentLinkedDeque<Integer> freeSlots = new ConcurrentLinkedDeque<>();
  private final ExecutorService jobs;
  private final CountDownLatch consumerDone = new CountDownLatch(1);
  private volatile boolean running = true;

  public WorkConsumer(
      RunnerConfig config,
      RunnerApi api,
      Job job,
      String runnerId,
      String bootstrap,
      ObjectMapper json) {
    this.config = config;
    this.api = api;
    this.job = job;
    this.runnerId = runnerId;
    this.bootstrap = bootstrap;
    this.served = served(config.projects());
    this.messages = new WorkMessages(json, served);
    for (int i = 1; i <= config.maxParallel(); i++) {
      freeSlots.add(i);
    }
    this.jobs = Executors.newFixedThreadPool(config.maxParallel(), r -> new Thread(r, "job"));
  }

  @Override
  public void run() {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.subscribe(List.of(WorkAvailable.TOPIC));
      long lastClaimAttempt = System.nanoTime();
      while (running) {
        try {
          lastClaimAttempt = pollOnce(consumer, lastClaimAttempt);
        } catch (org.apache.kafka.common.errors.WakeupException
            | org.apache.kafka.common.errors.InterruptException e) {
          throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
          // A broker hiccup must not end the thread: the runner would silently stop taking work.
          LOG.warnf("Kafka error, retrying in 2 s: %s", e.getMessage());
          sleep(Duration.ofSeconds(2));
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException
        | org.apache.kafka.common.errors.InterruptException e) {
      // shutting down
    } finally {
      consumerDone.countDown();
    }
  }

  /** One poll and the claims it leads to; returns when the last claim was attempted. */
  private long pollOnce(KafkaConsumer<String, String> consumer, long lastClaimAttempt) {
    messages.nextPoll();
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
      if (!messages.wakes(record.value())) {
        commit(consumer, record);
        continue;
      }
      Integer slot = awaitSlot(consumer);
      if (slot == null) {
        return lastClaimAttempt; // stopping
      }
      if (!running) {
        freeSlots.addFirst(slot);
        return lastClaimAttempt;
      }
      if (!claimInto(slot)) {
        // The API is unreachable: read this message again after a pause.
        consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
        sleep(Duration.ofSeconds(2));
        break;
      }
      lastClaimAttempt = System.nanoTime();
      commit(consumer, record);
    }
    boolean idle = System.nanoTime() - lastClaimAttempt > config.idlePoll().toNanos();
    if (idle && !freeSlots.isEmpty()) {
      lastClaimAttempt = System.nanoTime();
      Integer slot = freeSlots.poll();
      if (slot != null && !claimInto(slot)) {
        LOG.warn("Cannot reach the api-service; will retry");
      }
    }
    return lastClaimAttempt;
  }

  // A commit can fail while the group rebalances (another runner joined or left). The claim has
  // been answered either way, and messages are only wake-ups: a redelivered one costs one 204 or
  // 409 claim. Letting the exception escape would end this thread and the runner would go deaf.
  private static void commit(
      KafkaConsumer<String, String> consumer, ConsumerRecord<String, String> record) {
    try {
      consumer.commitSync(
          Map.of(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)));
    } catch (org.apache.kafka.common.errors.RebalanceInProgressException
        | org.apache.kafka.clients.consumer.CommitFailedException e) {
      LOG.infof("Offset not committed during a rebalance (%s); the message may come again", e);
    }
  }

  /** Stops taking work; running jobs are told to checkpoint by the shutdown flag. */
  public void stop(Duration grace) {
    running = false;
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      // First let the consumer thread finish its poll, so no claim starts after this.
      consumerDone.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      jobs.shutdown();
      if (!jobs.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        LOG.warnf("Jobs still running after %s; their leases will return the issues", grace);
      }
    } catch (InterruptedException e) {
      LOG.warn("Interrupted while jobs checkpointed; their leases will return the issues");
      Thread.currentThread().interrupt();
    }
  }

  public boolean stopping() {
    return !running;
  }

  /** Claims into a slot and starts the job; false (slot returned) when the API is unreachable. */
  private boolean claimInto(int slot) {
    if (!running) {
      freeSlots.addFirst(slot);
      return true;
    }
    Optional<ClaimGrant> grant;
    try {
      grant = api.claim(claimFor(slot));
    } catch (RuntimeException e) {
      LOG.warnf("Claim failed: %s", e.getMessage());
      freeSlots.addFirst(slot);
      return false;
    }
    if (grant.isEmpty()) {
      freeSlots.addFirst(slot);
      return true;
    }
    try {
      jobs.submit(() -> work(grant.get(), slot));
    } catch (RejectedExecutionException e) {
      // stop() began while the claim was in flight: hand the issue straight back.
      job.release(grant.get(), "the runner is shutting down");
      freeSlots.addFirst(slot);
    }
    return true;
  }

  /** Runs a job, then keeps the slot busy with the next ready issue while there is one. */
  private void work(ClaimGrant first, int slot) {
    try {
      workOn(first, slot);
    } catch (Throwable e) {
      // A job thread must never die silently: the slot would be lost for good.
      LOG.errorf(e, "Slot %d stopped unexpectedly", slot);
    } finally {
      freeSlots.addFirst(slot);
    }
  }

  private void workOn(ClaimGrant first, int slot) {
    ClaimGrant grant = first;
    while (grant != null) {
      job.run(grant, slot, this::stopping);
      grant = null;
      if (running) {
        try {
          grant = api.claim(claimFor(slot)).orElse(null);
        } catch (RuntimeException e) {
          LOG.warnf("Claim after a job failed: %s", e.getMessage());
        }
        if (grant != null && !running) {
          job.release(grant, "the runner is shutting down");
          grant = null;
        }
      }
    }
  }

  // Tells the api-service whether this runner's agents are sandboxed: the board marks it if not.
  private ClaimRequest claimFor(int slot) {
    return new ClaimRequest(
        runnerId + "/slot-" + slot,
        null,
        (int) config.lease().toSeconds(),
        config.agent().sandbox() != RunnerConfig.SandboxMode.OFF,
        served);
  }

  /** The projects served, sorted and lower-case; null: every project. */
  static List<String> served(List<String> projects) {
    List<String> keys =
        projects.stream()
            .map(p -> p.strip().toLowerCase(java.util.Locale.ROOT))
            .filter(p -> !p.isEmpty())
            .distinct()
            .sorted()
            .toList();
    return keys.isEmpty() || keys.contains("*") ? null : keys;
  }

  /**
   * Runners that serve the same projects share a consumer group, so each group sees every message
   * and a runner only skips what it does not serve: a group mixing runners of other projects could
   * hand one project's partition to a runner that ignores it.
   */
  static String groupId(List<String> served) {
    return served == null ? "autopilot-runners" : "autopilot-runners." + String.join(",", served);
  }

  /** A free slot, waiting (still polling) while all are busy; null once the runner stops. */
  private Integer awaitSlot(KafkaConsumer<String, String> consumer) {
    Integer slot = freeSlots.poll();
    if (slot != null) {
      return slot;
    }
    consumer.pause(consumer.assignment());
    try {
      while (running && (slot = freeSlots.poll()) == null) {
        consumer.poll(Duration.ofMillis(200)); // keeps the group membership; returns nothing
      }
    } finally {
      consumer.resume(consumer.paused());
    }
    return slot;
  }

  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            groupId(served),
            "enable.auto.commit",
            "false",
            "auto.offset.reset",
            "earliest",
            "max.poll.records",
            "20",
            "client.id",
            "runner-" + runnerId),
        new StringDeserializer(),
        new StringDeserializer());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
