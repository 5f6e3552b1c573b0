package dev.autopilot.api.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autopilot.api.issue.Issue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an event is about the runner's own pull request. Anyone on GitHub can open a fork pull
 * request from a branch named {@code autopilot/issue-N}, and the base repository's deliveries then
 * name that branch too: the branch proves nothing. What does is the head repository (the configured
 * one, or the fork the runner pushes to) and, once the issue records a pull request, that it is
 * this one.
 */
@ApplicationScoped
class AgentPullRequest {

  /**
   * Why a {@code pull_request} object (of a pull request, review or review comment event) is not
   * the issue's: empty when it is.
   */
  Optional<String> refusal(Issue issue, JsonNode pr, WebhookRoute route) {
    String head = pr.path("head").path("repo").path("full_name").asText("");
    if (!route.ours(head)) {
      return Optional.of(
          "The pull request's head is in "
              + (head.isEmpty() ? "a deleted repository" : head)
              + ", not the configured repository or push fork.");
    }
    if (issue.prUrl != null && !sameUrl(issue.prUrl, pr.path("html_url").asText(""))) {
      return Optional.of("Issue #" + issue.id + " has another pull request: " + issue.prUrl);
    }
    return Optional.empty();
  }

  /**
   * Whether a check suite ran on our head repository. The payload has no head repository: GitHub
   * names the suite's pull requests only when their head is in this repository (a fork's suite has
   * none), so one of them must have its head in ours.
   */
  boolean suiteIsOurs(JsonNode suite, WebhookRoute route) {
    for (JsonNode pr : suite.path("pull_requests")) {
      String url = pr.path("head").path("repo").path("url").asText("");
      int at = url.toLowerCase(Locale.ROOT).lastIndexOf("/repos/");
      if (at >= 0 && route.ours(url.substring(at + "/repos/".length()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a workflow run ran on a commit of our head repository (a fork's run does not). */
  boolean workflowRunIsOurs(JsonNode run, WebhookRoute route) {
    return route.ours(run.path("head_repository").path("full_name").asText(""));
  }

  // GitHub's owner and repository names are case-insensitive; the runner's URL is gh's output.
  private static boolean sameUrl(String recorded, String event) {
    return strip(recorded).equalsIgnoreCase(strip(event));
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
