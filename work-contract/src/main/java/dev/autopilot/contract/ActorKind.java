package dev.autopilot.contract;

/** The kind of author of a comment or status change. */
public enum ActorKind {
  HUMAN,
  AGENT,
  SYSTEM
}
