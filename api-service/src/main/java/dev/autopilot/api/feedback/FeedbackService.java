package dev.autopilot.api.feedback;

import dev.autopilot.api.groupcommit.GroupCommit;
import dev.autopilot.api.groupcommit.GroupCommit.Pending;
import dev.autopilot.api.issue.IssueMoved;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.NewFeedback;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.IssueStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Turns feedback into issues. Whatever the request says, the result is a {@code feedback} issue in
 * {@code backlog}: the ingress can neither move an issue nor reach the runner.
 *
 * <p>Submissions are group-committed: a few writer threads each take everything queued (up to
 * {@link FeedbackConfig#batchSize()}) and store it in one transaction, and a submission's future
 * completes only after that commit. A burst of anonymous posts therefore costs a handful of
 * transactions instead of one each, and nothing is acknowledged before it is durable.
 */
@ApplicationScoped
public class FeedbackService {

  private static final Logger LOG = Logger.getLogger(FeedbackService.class);
  private static final int TITLE_LENGTH = 120;

  private final FeedbackConfig config;
  private final IssueRepository issues;
  private final Event<IssueMoved> moved;
  private GroupCommit<NewFeedback, Outcome> writers;

  public FeedbackService(FeedbackConfig config, IssueRepository issues, Event<IssueMoved> moved) {
    this.config = config;
    this.issues = issues;
    this.moved = moved;
  }

  /** The issue the feedback landed in and whether it was merged into an existing one. */
  public record Outcome(long issueId, String ref, boolean merged) {}

  void start(@Observes StartupEvent e) {
    writers =
        new GroupCommit<>(
            "feedback",
            config.writers(),
            config.batchSize(),
            config.queueCapacity(),
            this::write,
            FeedbackService::unavailable);
  }

  void stop(@Observes ShutdownEvent e) throws InterruptedException {
    writers.stop();
  }

  /**
   * Queues the feedback; the stage completes once it is committed, or fails with a 503 problem when
   * the queue is full or the database is unavailable.
   */
  public CompletionStage<Outcome> submit(@Valid FeedbackForm form, long projectId) {
    return writers.submit(
        new NewFeedback(
            projectId,
            title(form.message()),
            form.message(),
            form.user(),
            form.email(),
            form.page(),
            fingerprint(form, projectId)));
  }

  private void write(List<Pending<NewFeedback, Outcome>> batch) {
    try {
      store(batch);
    } catch (SQLException e) {
      if (batch.size() > 1 && isDataError(e)) {
        // One bad row must not fail its neighbours: store them one by one.
        batch.forEach(p -> write(List.of(p)));
        return;
      }
      LOG.warnf("Storing %d feedback submissions failed: %s", batch.size(), e.getMessage());
      batch.forEach(p -> p.done().completeExceptionally(unavailable()));
    }
  }

  private static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  private void store(List<Pending<NewFeedback, Outcome>> batch) throws SQLException {
    IssueRepository.FeedbackWritten written =
        issues.storeFeedback(batch.stream().map(Pending::request).toList(), config.dedupeWindow());
    for (int i = 0; i < batch.size(); i++) {
      IssueRepository.Landed landed = written.landed().get(i);
      batch.get(i).done().complete(new Outcome(landed.issueId(), landed.ref(), landed.merged()));
    }
    for (long id : written.createdIds()) {
      moved.fire(IssueMoved.createdBatched(id, IssueStatus.BACKLOG, Actor.FEEDBACK));
    }
  }

  private static ProblemException unavailable() {
    return ProblemException.unavailable(
        "Feedback cannot be stored right now; try again in a few seconds.", 5);
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

  // Per project: the same words on two projects' sites are two reports.
  private static String fingerprint(FeedbackForm form, long projectId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Long.toString(projectId).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(form.message().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(String.valueOf(form.page()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
