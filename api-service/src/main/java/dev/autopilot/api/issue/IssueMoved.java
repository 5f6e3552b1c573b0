package dev.autopilot.api.issue;

import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.IssueStatus;

/**
 * Fired synchronously inside the transaction of every status change, whoever makes it: the {@link
 * Workflow}, the runners' batched claim and the group-committed feedback insert (after their
 * commit). Observers such as the outbox write in the same transaction; the live feed listens after
 * success.
 *
 * @param move the row of {@link Move} taken; null when the issue was created
 * @param from null when the issue was created
 * @param issue the entity when the change went through the persistence context; null when a batched
 *     statement wrote it (a claim, a feedback issue)
 */
public record IssueMoved(
    long issueId, Move move, IssueStatus from, IssueStatus to, Actor actor, Issue issue) {

  /** A move that a batched statement made, named by its row of {@link Move}. */
  public static IssueMoved batched(long issueId, Move move, Actor actor) {
    return new IssueMoved(issueId, move, move.from(), move.to(), actor, null);
  }

  /** An issue that a batched statement created in {@code status}. */
  public static IssueMoved createdBatched(long issueId, IssueStatus status, Actor actor) {
    return new IssueMoved(issueId, null, null, status, actor, null);
  }
}
