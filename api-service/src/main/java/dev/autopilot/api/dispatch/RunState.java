package dev.autopilot.api.dispatch;

/** Lifecycle of a run; only a {@code RUNNING} run accepts heartbeats, events and a report. */
public enum RunState {
  RUNNING,
  FINISHED,
  EXPIRED,
  CANCELLED,
  /** The runner gave the claim back unfinished (it was shutting down). */
  RELEASED
}
