package dev.autopilot.contract;

/** What sort of work an issue is; {@code FEEDBACK} comes from the public ingress. */
public enum IssueKind {
  FEATURE,
  BUG,
  CHORE,
  FEEDBACK
}
