package dev.autopilot.api.incident;

import dev.autopilot.api.incident.IncidentService.Ingested;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The cap on stored payload bytes per project ({@code max-stored-bytes}). Past it an event is still
 * grouped and counted (its issue is written from the parsed event, not the payload), but its
 * payload is replaced by {@link #NOT_STORED}. Each replica keeps the figure in memory, so the hot
 * path costs no query: the shared figure from the database plus what this replica committed since
 * it last added its share there (every {@code stored-bytes-sync}). Replicas together may pass the
 * cap by what they store within one sync; retention takes deleted events' bytes off the figure.
 */
@ApplicationScoped
public class IncidentStorage {

  /** The payload stored for an event over its project's cap. */
  static final String NOT_STORED = "{\"autopilot\":\"payload not stored: over the project's cap\"}";

  private static final Logger LOG = Logger.getLogger(IncidentStorage.class);

  /** One project's bytes: the shared figure last read, and what this replica added since. */
  private static final class Usage {
    volatile long shared;
    final AtomicLong unsynced = new AtomicLong();
  }

  private final Map<Long, Usage> usage = new ConcurrentHashMap<>();
  private final IncidentQuotaRepository quota;
  private final IncidentConfig config;
  private final TransactionSynchronizationRegistry transactions;

  public IncidentStorage(
      IncidentQuotaRepository quota,
      IncidentConfig config,
      TransactionSynchronizationRegistry transactions) {
    this.quota = quota;
    this.config = config;
    this.transactions = transactions;
  }

  /**
   * The events as they are to be stored, in the same order: those that would take their project
   * past the cap without their payload. Called in the transaction that stores them; their bytes
   * count once it commits (a batch retried event by event is not counted twice).
   */
  List<Ingested> admit(List<Ingested> events) {
    Map<Long, Long> adding = new HashMap<>();
    List<Ingested> out = new ArrayList<>(events.size());
    for (Ingested e : events) {
      Usage u = usage(e.projectId());
      long bytes = utf8Length(e.payload());
      long planned = adding.getOrDefault(e.projectId(), 0L);
      Ingested kept =
          u.shared + u.unsynced.get() + planned + bytes > config.maxStoredBytes()
              ? e.withoutPayload()
              : e;
      adding.merge(e.projectId(), kept == e ? bytes : NOT_STORED.length(), Long::sum);
      out.add(kept);
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              adding.forEach(
                  (project, bytes) -> {
                    Usage u = usage.get(project);
                    if (u != null) {
                      u.unsynced.addAndGet(bytes);
                    }
                  });
            }
          }
        });
    return out;
  }

  // Read outside the map's lock: the first event of a project reads its figure once.
  private Usage usage(long projectId) {
    Usage u = usage.get(projectId);
    if (u == null) {
      Usage loaded = new Usage();
      loaded.shared = quota.storedBytes(projectId);
      u = usage.putIfAbsent(projectId, loaded);
      u = u == null ? loaded : u;
    }
    return u;
  }

  /** Adds this replica's bytes to the shared figures and reads them back, in one statement. */
  @Scheduled(
      every = "${autopilot.incidents.stored-bytes-sync:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sync() {
    if (usage.isEmpty()) {
      return;
    }
    Map<Long, Long> added = new HashMap<>();
    usage.forEach((project, u) -> added.put(project, u.unsynced.getAndSet(0)));
    try {
      Map<Long, Long> now =
          QuarkusTransaction.requiringNew().call(() -> quota.addStoredBytes(added));
      now.forEach((project, bytes) -> usage.get(project).shared = bytes);
      // A project deleted meanwhile has no row any more: forget it.
      added.keySet().stream().filter(p -> !now.containsKey(p)).forEach(usage::remove);
    } catch (RuntimeException e) {
      added.forEach(
          (project, bytes) ->
              usage.computeIfAbsent(project, p -> new Usage()).unsynced.addAndGet(bytes));
      LOG.warnf("Stored incident bytes were not added up (%s); next round", e.getMessage());
    }
  }

  /** UTF-8 length without encoding a copy of the payload. */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
