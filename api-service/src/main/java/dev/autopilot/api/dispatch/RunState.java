package dev.autopilot.api.dispatch;

/** Lifecycle of a run; only a {@code RUNNING} run accepts heartbeats, events and a report. */
public enum RunState {
  RUNNING,
  FINISHED,
  EXPIRED,
  CANCELLED
}
