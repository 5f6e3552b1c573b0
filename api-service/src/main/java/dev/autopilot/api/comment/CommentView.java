package dev.autopilot.api.comment;

import dev.autopilot.contract.ActorKind;
import java.time.Instant;

/** A comment as the API shows it. */
public record CommentView(
    long id, long issueId, String author, ActorKind authorKind, String body, Instant createdAt) {

  public static CommentView of(Comment c) {
    return new CommentView(c.id, c.issueId, c.author, c.authorKind, c.body, c.createdAt);
  }
}
