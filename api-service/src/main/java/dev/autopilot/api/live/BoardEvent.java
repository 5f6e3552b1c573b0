package dev.autopilot.api.live;

/**
 * What changed, for the board's live view and the SDK's toasts. Fire it inside the transaction that
 * made the change: it is broadcast only after that transaction commits.
 *
 * @param type {@code moved}, {@code updated}, {@code comment}, {@code progress} or {@code ping}
 * @param issueId the issue
 * @param status the issue's status after the change, when known
 */
public record BoardEvent(String type, long issueId, String status) {

  public static BoardEvent moved(long issueId, String status) {
    return new BoardEvent("moved", issueId, status);
  }

  public static BoardEvent of(String type, long issueId) {
    return new BoardEvent(type, issueId, null);
  }
}
