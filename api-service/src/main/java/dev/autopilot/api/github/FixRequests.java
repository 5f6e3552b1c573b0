package dev.autopilot.api.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autopilot.api.comment.CommentService;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.run.RunRepository;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reviews that ask for changes and CI that fails on the agent's pull request send the issue back to
 * the agents on the same branch, the review text or the failing checks as their instructions (a
 * comment they read, untrusted like any other), until {@code max-fix-cycles}; then the issue is
 * blocked for a person. A {@code human_only} issue never goes back to the agents: the failure or
 * review is noted on its thread and it stays in review. Review text counts only from the
 * repository's owner, logins the operator lists and active members of teams the operator lists
 * ({@link TrustedReviewers}): {@code MEMBER} (of the organisation) and {@code COLLABORATOR} (of any
 * permission, read included) do not say that someone may push.
 */
@ApplicationScoped
public class FixRequests {

  private static final Logger LOG = Logger.getLogger(FixRequests.class);
  private static final Set<String> FAILED = Set.of("failure", "timed_out", "startup_failure");

  private final GithubConfig config;
  private final Workflow workflow;
  private final CommentService comments;
  private final RunRepository runs;

  public FixRequests(
      GithubConfig config, Workflow workflow, CommentService comments, RunRepository runs) {
    this.config = config;
    this.workflow = workflow;
    this.comments = comments;
    this.runs = runs;
  }

  /**
   * A review (or a review comment) on the issue's pull request, with the verdict on its author
   * (asked before, outside the transaction).
   */
  GithubWebhooks.Handled review(
      Issue issue, JsonNode review, String kind, TrustedReviewers.Verdict verdict) {
    String login = GithubWebhooks.login(review.path("user"));
    String association = review.path("author_association").asText("");
    if (verdict != TrustedReviewers.Verdict.TRUSTED) {
      // An unanswered team question is a no, like a stranger's review: the delivery still counts.
      String unanswered =
          verdict == TrustedReviewers.Verdict.UNANSWERED
              ? " (GitHub did not answer about their teams)"
              : "";
      LOG.infof(
          "Ignored a %s on issue #%d by @%s (%s)%s",
          kind, issue.id, login, association, unanswered);
      return new GithubWebhooks.Handled(
          "ignored: @" + login + " may not instruct the agents" + unanswered);
    }
    String text = review.path("body").asText("").strip();
    String where =
        review.has("path")
            ? " on " + review.path("path").asText() + ":" + review.path("line").asText("?")
            : "";
    String instructions =
        "Review by @"
            + login
            + where
            + " on GitHub (changes requested):\n\n"
            + (text.isEmpty() ? "(no text)" : text);
    return fix(issue, instructions, new Actor("github:" + login, ActorKind.HUMAN), "review");
  }

  /** A finished check suite or workflow run on the branch. */
  GithubWebhooks.Handled checks(Issue issue, String sha, String name, String conclusion) {
    if (conclusion == null || conclusion.isEmpty()) {
      return new GithubWebhooks.Handled("ignored: not finished");
    }
    String head = headOf(issue);
    boolean same =
        Math.min(sha.length(), head.length()) >= 7
            && (sha.startsWith(head) || head.startsWith(sha));
    if (!same) {
      return new GithubWebhooks.Handled("ignored: not the agent's latest commit");
    }
    issue.ciConclusion = conclusion.length() > 32 ? conclusion.substring(0, 32) : conclusion;
    if (!FAILED.contains(conclusion)) {
      return new GithubWebhooks.Handled("ci " + conclusion);
    }
    String instructions =
        "CI failed on "
            + sha
            + ": "
            + (name == null || name.isBlank() ? "a check" : name)
            + " ("
            + conclusion
            + "). Make the checks pass without weakening them.";
    return fix(issue, instructions, GithubWebhooks.GITHUB, "ci");
  }

  private GithubWebhooks.Handled fix(Issue issue, String instructions, Actor actor, String why) {
    if (issue.status != IssueStatus.IN_REVIEW) {
      return new GithubWebhooks.Handled("noted: issue #" + issue.id + " is not in review");
    }
    if (issue.humanOnly) {
      // Ready is the agents' queue and Workflow refuses it here (409 would fail the delivery and
      // drop the CI state): the people who own the issue read it on the thread instead.
      comments.add(
          issue.id,
          instructions
              + "\n\nThis issue is human-only: no agent re-runs it, so it stays in review for a"
              + " person.",
          GithubWebhooks.GITHUB);
      return new GithubWebhooks.Handled("noted: issue #" + issue.id + " is human-only");
    }
    if (issue.fixCycles >= config.maxFixCycles()) {
      comments.add(issue.id, instructions, GithubWebhooks.GITHUB);
      workflow.move(issue, IssueStatus.BLOCKED, GithubWebhooks.GITHUB, "needs a human");
      comments.add(
          issue.id,
          "Needs a human: " + issue.fixCycles + " review and CI fix cycles did not settle it.",
          GithubWebhooks.GITHUB);
      return new GithubWebhooks.Handled("blocked: fix cycles exhausted");
    }
    issue.fixCycles++;
    comments.add(issue.id, instructions, actor);
    workflow.move(issue, IssueStatus.READY, actor, why + " on GitHub");
    return new GithubWebhooks.Handled("re-run " + issue.fixCycles + " (" + why + ")");
  }

  private String headOf(Issue issue) {
    return runs.latestCommit(issue.id).orElse("");
  }
}
