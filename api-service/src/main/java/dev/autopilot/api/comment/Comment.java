package dev.autopilot.api.comment;

import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.ActorKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A message in an issue's thread; author and kind come from the authenticated identity. */
@Entity
@Table(name = "issue_comment")
public class Comment extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "issue_id")
  public Long issueId;

  public String author;

  @Enumerated(EnumType.STRING)
  @Column(name = "author_kind")
  public ActorKind authorKind;

  public String body;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Appends a comment by {@code actor} to the thread of an issue. */
  public static Comment post(long issueId, Actor actor, String body) {
    Comment comment = new Comment();
    comment.issueId = issueId;
    comment.author = actor.name();
    comment.authorKind = actor.kind();
    comment.body = body;
    comment.createdAt = Instant.now();
    comment.persist();
    return comment;
  }

  /** The thread of one issue, oldest first. */
  public static List<Comment> of(long issueId) {
    return list("issueId = ?1 order by id", issueId);
  }
}
