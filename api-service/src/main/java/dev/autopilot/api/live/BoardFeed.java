package dev.autopilot.api.live;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * Broadcasts committed changes to every board connected to this replica: its own, and those the
 * other replicas send through {@link ReplicaFanOut}. Clients re-read the board when they
 * (re)connect, so a missed event is caught up by the next connection; a ping every 20 s keeps
 * proxies from closing idle streams.
 */
@ApplicationScoped
public class BoardFeed {

  private final BroadcastProcessor<BoardEvent> events = BroadcastProcessor.create();

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) BoardEvent e) {
    events.onNext(e);
  }

  /** An event another api-service replica committed (see {@link ReplicaFanOut}). */
  void fromReplica(BoardEvent e) {
    events.onNext(e);
  }

  /** The live stream for one client. */
  public Multi<BoardEvent> stream() {
    Multi<BoardEvent> pings =
        Multi.createFrom()
            .ticks()
            .every(Duration.ofSeconds(20))
            .map(t -> new BoardEvent(BoardEvent.Type.PING, 0, null));
    return Multi.createBy().merging().streams(events, pings);
  }
}
