package dev.autopilot.api.issue;

import dev.autopilot.api.security.Actor;

/**
 * Fired synchronously inside the transaction of every status change (and creation, with {@code
 * from} null), so observers such as the outbox write in the same transaction.
 */
public record IssueMoved(Issue issue, IssueStatus from, IssueStatus to, Actor actor) {}
