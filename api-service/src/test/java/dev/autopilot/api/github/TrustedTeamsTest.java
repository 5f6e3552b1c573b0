package dev.autopilot.api.github;

import static dev.autopilot.api.github.FixCycleTest.deliver;
import static dev.autopilot.api.github.FixCycleTest.inReview;
import static dev.autopilot.api.github.FixCycleTest.status;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reviewers trusted through a team the operator lists ({@code autopilot.github.trusted-teams}):
 * GitHub's membership endpoint, stubbed on the loopback address, decides. Only an active member
 * re-runs the issue; a pending member, a non-member and a GitHub that errs or is down do not, and
 * the delivery still succeeds.
 */
@QuarkusTest
@WithTestResource(GithubApiStub.class)
class TrustedTeamsTest {

  @Test
  void anActiveTeamMembersReviewReRunsTheIssueAskedWithTheTokenOnce() throws Exception {
    long id = inReview("Trust the reviewers team");
    deliver("pull_request_review", by("team-member", id))
        .then()
        .statusCode(200)
        .body("result", equalTo("re-run 1 (review)"));
    assertEquals("ready", status(id), "an active member of a listed team instructs the agents");

    List<GithubApiStub.Asked> asked = GithubApiStub.askedAbout("team-member");
    assertEquals(1, asked.size(), asked.toString());
    assertEquals(
        "/orgs/autopilot-test/teams/reviewers/memberships/team-member", asked.get(0).path());
    assertEquals("Bearer " + GithubApiStub.TOKEN, asked.get(0).authorization());
    assertEquals("application/vnd.github+json", asked.get(0).accept());
    assertEquals("2022-11-28", asked.get(0).apiVersion());
  }

  @Test
  void theAnswerIsKeptSoAStormOfReviewsAsksGithubOnce() throws Exception {
    for (int i = 0; i < 3; i++) {
      long id = inReview("Storm " + i);
      ObjectNode event =
          i == 1
              ? comment("Cached-Member", id)
              : by(i == 2 ? "CACHED-member" : "cached-member", id);
      deliver(i == 1 ? "pull_request_review_comment" : "pull_request_review", event)
          .then()
          .statusCode(200)
          .body("result", equalTo("re-run 1 (review)"));
      assertEquals("ready", status(id));
    }
    assertEquals(1, GithubApiStub.askedAbout("cached-member").size(), "logins are one in any case");
  }

  @Test
  void pendingMembersAndNonMembersAreStrangers() throws Exception {
    long id = inReview("Not yet on the team");
    for (String login : List.of("pending-member", "mallory")) {
      deliver("pull_request_review", by(login, id))
          .then()
          .statusCode(200)
          .body("result", equalTo("ignored: @" + login + " may not instruct the agents"));
    }
    assertEquals("in_review", status(id), "a pending invitation and a 404 are not membership");
    assertEquals(1, GithubApiStub.askedAbout("pending-member").size());
    assertEquals(1, GithubApiStub.askedAbout("mallory").size());
  }

  @Test
  void aGithubThatErrsOrIsDownTrustsNobodyAndIsAskedAgainLater() throws Exception {
    long id = inReview("GitHub is having a day");
    String unanswered = " may not instruct the agents (GitHub did not answer about their teams)";
    for (int i = 0; i < 2; i++) {
      deliver("pull_request_review", by("flaky-member", id))
          .then()
          .statusCode(200)
          .body("result", equalTo("ignored: @flaky-member" + unanswered));
    }
    assertEquals(2, GithubApiStub.askedAbout("flaky-member").size(), "a 500 is not kept");

    GithubApiStub.down();
    try {
      deliver("pull_request_review", by("later-member", id))
          .then()
          .statusCode(200)
          .body("result", equalTo("ignored: @later-member" + unanswered));
      assertEquals("in_review", status(id), "an unreachable GitHub trusts nobody");
    } finally {
      GithubApiStub.up();
    }
    deliver("pull_request_review", by("later-member", id))
        .then()
        .statusCode(200)
        .body("result", equalTo("re-run 1 (review)"));
    assertEquals("ready", status(id), "once GitHub answers, the member counts");
  }

  @Test
  void theTokenFileIsReadAnewSoARefreshedTokenIsSent() throws Exception {
    GithubApiStub.token("ghs_refreshedInstallationToken\n");
    try {
      long id = inReview("Rotate the token");
      deliver("pull_request_review", by("rotated-member", id)).then().statusCode(200);
      assertEquals("ready", status(id));
      assertEquals(
          "Bearer ghs_refreshedInstallationToken",
          GithubApiStub.askedAbout("rotated-member").get(0).authorization());
    } finally {
      GithubApiStub.token(GithubApiStub.TOKEN);
    }
  }

  // A MEMBER of the organisation, which alone is not trust; the text differs each time, since the
  // same body under another delivery id is a replay.
  private static ObjectNode by(String login, long issue) throws Exception {
    ObjectNode event = FixCycleTest.review(issue, "MEMBER", "Rename it. " + UUID.randomUUID());
    event.with("review").with("user").put("login", login);
    return event;
  }

  private static ObjectNode comment(String login, long issue) throws Exception {
    ObjectNode event = OctokitExamples.example("pull_request_review_comment", "created");
    event.with("repository").put("full_name", "autopilot-test/shop");
    event.with("pull_request").with("head").put("ref", "autopilot/issue-" + issue);
    event.with("pull_request").with("head").with("repo").put("full_name", "autopilot-test/shop");
    event
        .with("comment")
        .put("author_association", "MEMBER")
        .put("body", "Rename it. " + UUID.randomUUID());
    event.with("comment").with("user").put("login", login);
    return event;
  }
}
