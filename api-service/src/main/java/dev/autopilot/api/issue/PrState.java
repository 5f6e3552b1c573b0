package dev.autopilot.api.issue;

/** The state of an issue's pull request, as GitHub last reported it. */
public enum PrState {
  OPEN,
  MERGED,
  CLOSED
}
