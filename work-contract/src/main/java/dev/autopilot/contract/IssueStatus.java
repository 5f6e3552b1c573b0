package dev.autopilot.contract;

/**
 * Where an issue is in the loop. The legal moves between them live in the api-service's {@code
 * Move} table.
 */
public enum IssueStatus {
  BACKLOG,
  READY,
  IN_PROGRESS,
  BLOCKED,
  IN_REVIEW,
  DONE
}
