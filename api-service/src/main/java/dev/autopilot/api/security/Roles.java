package dev.autopilot.api.security;

/** Role names as they appear in the OIDC roles claim and in the local credentials file. */
public final class Roles {
  /** Reads issues, comments, attachments and the board. */
  public static final String VIEWER = "viewer";

  /** Creates, edits, comments, moves and uploads; accepts agent work. */
  public static final String REVIEWER = "reviewer";

  /** Creates projects and changes their settings, keys and webhooks; grants roles. */
  public static final String ADMIN = "admin";

  /** A runner-worker: only the runner endpoints of the issue it claimed. */
  public static final String RUNNER = "runner";

  /** An application's DSN key: only sends events to its incident project. */
  public static final String INGEST = "incident-ingest";

  /** A metrics scraper: only {@code /q/metrics}. */
  public static final String METRICS = "metrics";

  private Roles() {}
}
