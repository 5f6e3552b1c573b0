package dev.autopilot.contract;

/** Urgency; runners take the most urgent, oldest ready issue first. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT
}
