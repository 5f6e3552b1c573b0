package dev.autopilot.api.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.contract.IssueStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes api-service replicas act as one board: each replica's committed board events go out on a
 * PostgreSQL {@code NOTIFY} channel and every replica {@code LISTEN}s, so a board connected to A
 * sees moves, comments and live-log progress that landed on B (where the runner's reports may go).
 * PostgreSQL rather than a Kafka topic: every replica already holds it, the events are tiny (an
 * issue id and a status, far under NOTIFY's 8 KB), a notification costs no storage or retention,
 * and there is no consumer group to manage per replica. A replica that loses its listening
 * connection tells its boards to re-read the board once it is back, as they do when they reconnect.
 */
@ApplicationScoped
public class ReplicaFanOut {

  private static final Logger LOG = Logger.getLogger(ReplicaFanOut.class);
  private static final int MAX_BATCH = 500;

  private record Wire(String origin, BoardEvent.Type type, long issueId, IssueStatus status) {}

  private final BoardChannelRepository channel;
  private final BoardFeed feed;
  private final ObjectMapper json;
  private final String origin = UUID.randomUUID().toString();
  private final LinkedBlockingQueue<BoardEvent> outgoing = new LinkedBlockingQueue<>(10_000);
  private volatile boolean running;
  private final List<Thread> threads = new ArrayList<>();

  public ReplicaFanOut(BoardChannelRepository channel, BoardFeed feed, ObjectMapper json) {
    this.channel = channel;
    this.feed = feed;
    this.json = json;
  }

  void start(@Observes StartupEvent e) {
    running = true;
    threads.add(daemon("board-notify", this::send));
    threads.add(daemon("board-listen", this::listen));
  }

  void stop(@Observes ShutdownEvent e) {
    running = false;
    threads.forEach(Thread::interrupt);
  }

  // Local boards got it already (BoardFeed); the others hear it from PostgreSQL. A full queue (the
  // database away for long) drops events: the other replicas resync when they are back.
  void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) BoardEvent e) {
    if (e.type() != BoardEvent.Type.PING && e.type() != BoardEvent.Type.RESYNC) {
      outgoing.offer(e);
    }
  }

  private void send() {
    List<BoardEvent> batch = new ArrayList<>();
    while (running) {
      try {
        batch.add(outgoing.take());
        outgoing.drainTo(batch, MAX_BATCH - 1);
        List<String> payloads = new ArrayList<>(batch.size());
        for (BoardEvent b : batch) {
          payloads.add(
              json.writeValueAsString(new Wire(origin, b.type(), b.issueId(), b.status())));
        }
        channel.publish(payloads);
      } catch (InterruptedException ie) {
        return;
      } catch (Exception ex) {
        LOG.debugf("Board events not sent to other replicas (%s); retrying", ex.getMessage());
        pause(); // the batch is dropped: the others resync when their listener notices
      } finally {
        batch.clear();
      }
    }
  }

  private void listen() {
    boolean[] first = {true};
    while (running) {
      try {
        channel.listen(
            () -> {
              if (!first[0]) {
                feed.fromReplica(new BoardEvent(BoardEvent.Type.RESYNC, 0, null));
              }
              first[0] = false;
            },
            () -> running,
            this::deliver);
      } catch (SQLException ex) {
        if (running) {
          LOG.debugf("Listening for other replicas' board events failed (%s)", ex.getMessage());
          pause();
        }
      }
    }
  }

  private void deliver(String payload) {
    try {
      Wire w = json.readValue(payload, Wire.class);
      if (!origin.equals(w.origin())) {
        feed.fromReplica(new BoardEvent(w.type(), w.issueId(), w.status()));
      }
    } catch (Exception e) {
      LOG.debugf("Ignored a board event from another replica (%s)", e.getMessage());
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void pause() {
    try {
      TimeUnit.SECONDS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
