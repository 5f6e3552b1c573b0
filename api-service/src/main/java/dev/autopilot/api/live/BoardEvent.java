package dev.autopilot.api.live;

import dev.autopilot.contract.IssueStatus;

/**
 * What changed, for the board's live view and the SDK's toasts. Fire it inside the transaction that
 * made the change: it is broadcast only after that transaction commits.
 *
 * @param type what happened
 * @param issueId the issue
 * @param status the issue's status after the change, when known
 */
public record BoardEvent(Type type, long issueId, IssueStatus status) {

  /** The kinds of change the board reacts to. */
  public enum Type {
    /** The issue changed status. */
    MOVED,
    /** Its fields or attachments changed. */
    UPDATED,
    /** A comment was posted. */
    COMMENT,
    /** A run sent progress. */
    PROGRESS,
    /** Events may have been missed (another replica's were out of reach): re-read the board. */
    RESYNC,
    /** Keeps idle connections open. */
    PING
  }

  public static BoardEvent moved(long issueId, IssueStatus status) {
    return new BoardEvent(Type.MOVED, issueId, status);
  }

  public static BoardEvent of(Type type, long issueId) {
    return new BoardEvent(type, issueId, null);
  }
}
