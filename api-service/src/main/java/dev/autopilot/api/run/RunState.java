package dev.autopilot.api.run;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lifecycle of a run, and the one table of its legal steps: a run starts {@code RUNNING} (the
 * claim) and ends once, by one {@link Event}. Only a {@code RUNNING} run accepts heartbeats, events
 * and a report.
 */
public enum RunState {
  RUNNING,
  FINISHED,
  EXPIRED,
  CANCELLED,
  /** The runner gave the claim back unfinished (it was shutting down). */
  RELEASED;

  /** What can happen to a run. */
  public enum Event {
    /** The runner reported how it ended. */
    REPORTED,
    /** Its lease ran out (the runner died or lost the API). */
    LEASE_EXPIRED,
    /** A reviewer cancelled the run. */
    CANCELLED,
    /** The runner gave the claim back. */
    RELEASED
  }

  private static final Map<RunState, Map<Event, RunState>> NEXT = new EnumMap<>(RunState.class);

  static {
    Map<Event, RunState> running = new EnumMap<>(Event.class);
    running.put(Event.REPORTED, FINISHED);
    running.put(Event.LEASE_EXPIRED, EXPIRED);
    running.put(Event.CANCELLED, CANCELLED);
    running.put(Event.RELEASED, RELEASED);
    NEXT.put(RUNNING, running);
  }

  /** The state {@code event} leads to from here, or empty: the table has no such step. */
  public Optional<RunState> next(Event event) {
    return Optional.ofNullable(NEXT.getOrDefault(this, Map.of()).get(event));
  }

  /** Whether the run is over (no event leads anywhere from here). */
  public boolean ended() {
    return NEXT.getOrDefault(this, Map.of()).isEmpty();
  }
}
