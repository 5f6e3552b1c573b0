package dev.autopilot.api.feedback;

import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueKind;
import dev.autopilot.api.issue.IssueStatus;
import dev.autopilot.api.issue.Priority;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.security.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Turns feedback into issues. Whatever the request says, the result is a {@code feedback} issue in
 * {@code backlog}: the ingress can neither move an issue nor reach the runner.
 */
@ApplicationScoped
public class FeedbackService {

  private static final int TITLE_LENGTH = 120;

  private final FeedbackConfig config;
  private final Workflow workflow;

  public FeedbackService(FeedbackConfig config, Workflow workflow) {
    this.config = config;
    this.workflow = workflow;
  }

  /** The issue the feedback landed in and whether it was merged into an existing one. */
  public record Outcome(long issueId, boolean merged) {}

  /** Stores the feedback, merging it into a recent identical submission. Returns once committed. */
  @Transactional
  public Outcome submit(FeedbackForm form) {
    String fingerprint = fingerprint(form);
    // Serialise identical submissions so two concurrent duplicates cannot both create an issue.
    Panache.getEntityManager()
        .createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
        .setParameter(1, fingerprint)
        .getSingleResult();
    Instant now = Instant.now();
    Issue existing =
        Issue.<Issue>find(
                "feedbackFingerprint = ?1 and createdAt > ?2 and status = ?3 order by id desc",
                fingerprint,
                now.minus(config.dedupeWindow()),
                IssueStatus.BACKLOG)
            .firstResult();
    if (existing != null) {
      existing.duplicateCount++;
      existing.updatedAt = now;
      return new Outcome(existing.id, true);
    }
    Issue issue = new Issue();
    issue.title = title(form.message());
    issue.body = form.message();
    issue.kind = IssueKind.FEEDBACK;
    issue.priority = Priority.NORMAL;
    issue.status = IssueStatus.BACKLOG;
    issue.createdBy = Actor.FEEDBACK.name();
    issue.reporterName = form.user();
    issue.reporterEmail = form.email();
    issue.reporterPage = form.page();
    issue.feedbackFingerprint = fingerprint;
    issue.duplicateCount = 1;
    issue.createdAt = now;
    issue.updatedAt = now;
    issue.statusChangedAt = now;
    issue.persistAndFlush();
    workflow.created(issue, Actor.FEEDBACK);
    return new Outcome(issue.id, false);
  }

  private static String title(String message) {
    String first = message.strip().lines().findFirst().orElse("").strip();
    if (first.isEmpty()) {
      first = "Feedback";
    }
    int cut =
        first.offsetByCodePoints(
            0, Math.min(TITLE_LENGTH, first.codePointCount(0, first.length())));
    return cut < first.length() ? first.substring(0, cut) + "…" : first;
  }

  private static String fingerprint(FeedbackForm form) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(form.message().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(String.valueOf(form.page()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
