package dev.autopilot.api.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.comment.CommentService;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.PrState;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * GitHub's webhooks drive the issue its pull request belongs to. A delivery counts only when it is
 * signed with the configured secret, seen for the first time (by delivery id and by body), about
 * the configured repository, about a branch the runner made for that issue ({@code
 * autopilot/issue-N}, the issue's own branch), and about the runner's own pull request ({@link
 * AgentPullRequest}: a fork's pull request from a branch of that name is refused). A merge is a
 * person's acceptance on GitHub, so it takes the reviewer's move to done; a pull request closed
 * unmerged parks the issue in the backlog.
 */
@ApplicationScoped
public class GithubWebhooks {

  private static final Logger LOG = Logger.getLogger(GithubWebhooks.class);
  private static final Pattern BRANCH = Pattern.compile("autopilot/issue-([0-9]{1,18})");

  /** Who writes the notes on the thread: the system, so a note never answers a question. */
  static final Actor GITHUB = new Actor("github", ActorKind.SYSTEM);

  /** What a delivery did, as the answer says it. */
  public record Handled(String result) {}

  private final GithubConfig config;
  private final GithubDeliveryRepository deliveries;
  private final IssueRepository issues;
  private final Workflow workflow;
  private final CommentService comments;
  private final ObjectMapper json;
  private final FixRequests fixes;
  private final AgentPullRequest agentPr;
  private final TrustedReviewers reviewers;
  private final WebhookRoutes routes;

  public GithubWebhooks(
      GithubConfig config,
      GithubDeliveryRepository deliveries,
      IssueRepository issues,
      Workflow workflow,
      CommentService comments,
      ObjectMapper json,
      FixRequests fixes,
      AgentPullRequest agentPr,
      TrustedReviewers reviewers,
      WebhookRoutes routes) {
    this.routes = routes;
    this.config = config;
    this.deliveries = deliveries;
    this.issues = issues;
    this.workflow = workflow;
    this.comments = comments;
    this.json = json;
    this.fixes = fixes;
    this.agentPr = agentPr;
    this.reviewers = reviewers;
  }

  /** Checks and handles one delivery; every refusal is a problem and moves nothing. */
  public Handled receive(String event, String delivery, String signature, byte[] body) {
    List<WebhookRoute> signed = routes.signedBy(body, signature);
    if (signed.isEmpty()) {
      throw new ProblemException(
          401, "bad-signature", "Bad signature", "X-Hub-Signature-256 does not match the body.");
    }
    if (delivery == null || delivery.isBlank() || delivery.length() > 100 || event == null) {
      throw ProblemException.badRequest("X-GitHub-Delivery and X-GitHub-Event are required.");
    }
    JsonNode payload;
    try {
      payload = json.readTree(body);
    } catch (IOException e) {
      throw ProblemException.badRequest("The delivery is not JSON.");
    }
    String repository = payload.path("repository").path("full_name").asText("");
    // The secret that signed it must be the one of the repository it is about: another project's
    // secret (or the instance's) does not open this one.
    WebhookRoute route =
        signed.stream()
            .filter(r -> r.repository().equalsIgnoreCase(repository))
            .findFirst()
            .orElseThrow(
                () -> {
                  LOG.warnf(
                      "GitHub delivery %s about %s refused: not the repository of its secret",
                      delivery, repository);
                  return new ProblemException(
                      403,
                      "foreign-repository",
                      "Foreign repository",
                      "Not the repository this secret belongs to.");
                });
    // GitHub is asked about the reviewer's teams before the transaction: no issue row stays locked
    // while it answers.
    String kind =
        switch (event) {
          case "pull_request_review" -> "review";
          case "pull_request_review_comment" -> "review comment";
          default -> null;
        };
    JsonNode review = payload.path(event.equals("pull_request_review") ? "review" : "comment");
    TrustedReviewers.Verdict verdict =
        kind != null && asks(payload, review, kind)
            ? reviewers.of(review.path("user"), review.path("author_association").asText(""))
            : TrustedReviewers.Verdict.UNTRUSTED;
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              if (!deliveries.firstTime(delivery, event)) {
                throw ProblemException.conflict(
                    "replayed-delivery", "Delivery " + delivery + " was handled already.");
              }
              if (!deliveries.bodyFirstSeen(sha256(body), delivery)) {
                LOG.warnf("GitHub delivery %s refused: its body came under another id", delivery);
                throw ProblemException.conflict(
                    "replayed-body", "This body was delivered under another delivery id.");
              }
              return switch (event) {
                case "ping" -> new Handled("pong");
                case "pull_request" -> pullRequest(payload, route);
                case "pull_request_review", "pull_request_review_comment" ->
                    review(payload, review, kind, verdict, route);
                case "check_suite" -> checks(payload, payload.path("check_suite"), "app", route);
                case "workflow_run" -> checks(payload, payload.path("workflow_run"), null, route);
                default -> new Handled("ignored: " + event);
              };
            });
  }

  private Handled pullRequest(JsonNode payload, WebhookRoute route) {
    JsonNode pr = payload.path("pull_request");
    Issue issue = agentsPullRequest(pr, route);
    String action = payload.path("action").asText("");
    if (!action.equals("closed")) {
      issue.prState = PrState.OPEN;
      if (issue.prUrl == null && pr.path("html_url").asText("").startsWith("https://")) {
        issue.prUrl = pr.path("html_url").asText();
      }
      return new Handled("pull request " + action);
    }
    String by =
        login(pr.path("merged").asBoolean() ? pr.path("merged_by") : payload.path("sender"));
    Actor person = new Actor("github:" + by, ActorKind.HUMAN);
    if (pr.path("merged").asBoolean()) {
      issue.prState = PrState.MERGED;
      String sha = pr.path("merge_commit_sha").asText("unknown");
      if (issue.status == IssueStatus.IN_REVIEW) {
        workflow.move(issue, IssueStatus.DONE, person, "merged on GitHub");
      }
      comments.add(issue.id, "Merged on GitHub by @" + by + " as " + sha + ".", GITHUB);
      return new Handled("merged: issue #" + issue.id + " is " + issue.status.name().toLowerCase());
    }
    issue.prState = PrState.CLOSED;
    if (issue.status == IssueStatus.IN_REVIEW) {
      workflow.move(issue, IssueStatus.BACKLOG, person, "pull request closed on GitHub");
    }
    comments.add(issue.id, "Pull request closed without merging by @" + by + ".", GITHUB);
    return new Handled("closed: issue #" + issue.id + " is " + issue.status.name().toLowerCase());
  }

  private Handled review(
      JsonNode payload,
      JsonNode review,
      String kind,
      TrustedReviewers.Verdict verdict,
      WebhookRoute route) {
    Issue issue = agentsPullRequest(payload.path("pull_request"), route);
    return asks(payload, review, kind)
        ? fixes.review(issue, review, kind, verdict)
        : new Handled("ignored: " + kind + " " + payload.path("action").asText(""));
  }

  // A review asking for changes, or a new review comment: the only review events that re-run.
  private static boolean asks(JsonNode payload, JsonNode review, String kind) {
    String action = payload.path("action").asText("");
    return kind.equals("review")
        ? action.equals("submitted")
            && review.path("state").asText("").equalsIgnoreCase("changes_requested")
        : action.equals("created");
  }

  // CI runs on every branch: one that is not the agent's is ignored, not refused, so GitHub's
  // delivery log does not fill with failures.
  private Handled checks(JsonNode payload, JsonNode run, String nameFrom, WebhookRoute route) {
    if (!payload.path("action").asText("").equals("completed")) {
      return new Handled("ignored: not completed");
    }
    Issue issue = findIssue(run.path("head_branch").asText(""), route);
    if (issue == null) {
      return new Handled("ignored: not an agent branch");
    }
    // A fork can push the agent's very commit: the SHA alone does not make the run ours.
    if (!(nameFrom == null
        ? agentPr.workflowRunIsOurs(run, route)
        : agentPr.suiteIsOurs(run, route))) {
      LOG.infof("Ignored CI on issue #%d's branch from outside its head repository", issue.id);
      return new Handled("ignored: not run on the agent's repository");
    }
    String name =
        nameFrom == null ? run.path("name").asText("") : run.path(nameFrom).path("name").asText("");
    return fixes.checks(
        issues.lock(issue.id),
        run.path("head_sha").asText(""),
        name,
        run.path("conclusion").asText(""));
  }

  // Only the branch the runner made for the issue, and only its pull request; anything else is not
  // ours to act on.
  private Issue agentsPullRequest(JsonNode pr, WebhookRoute route) {
    Issue issue = findIssue(pr.path("head").path("ref").asText(""), route);
    if (issue == null) {
      throw new ProblemException(
          422, "foreign-branch", "Foreign branch", "Not a branch the runner made for an issue.");
    }
    Issue locked = issues.lock(issue.id);
    agentPr
        .refusal(locked, pr, route)
        .ifPresent(
            why -> {
              LOG.warnf("GitHub event on issue #%d refused: %s", locked.id, why);
              throw new ProblemException(
                  403, "foreign-pull-request", "Not the runner's pull request", why);
            });
    return locked;
  }

  // The issue's own branch, of the route's project: one project's repository never moves
  // another's issue.
  private Issue findIssue(String branch, WebhookRoute route) {
    Matcher m = BRANCH.matcher(branch);
    Issue issue = m.matches() ? issues.findById(Long.parseLong(m.group(1))) : null;
    return issue == null || !branch.equals(issue.branch) || issue.projectId != route.projectId()
        ? null
        : issue;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String login(JsonNode user) {
    String login = user.path("login").asText("");
    return login.matches("[A-Za-z0-9-]{1,39}(\\[bot\\])?") ? login : "unknown";
  }
}
