package dev.autopilot.contract;

/** How a run ended, as the runner reported it (or the api-service decided for a lost run). */
public enum Outcome {
  /** The agent changed files and the runner committed them. */
  IMPLEMENTED,
  /** The agent asked a question ({@code BLOCKED: …}) and changed nothing. */
  BLOCKED,
  /** The agent finished and nothing needed to change. */
  NO_CHANGES,
  /** The run ended without a usable result; {@link FailureReason} says why. */
  FAILED
}
