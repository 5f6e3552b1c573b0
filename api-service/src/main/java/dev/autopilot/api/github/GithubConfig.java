package dev.autopilot.api.github;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * GitHub webhooks: the pull request drives the issue. Off until a secret and repository are set.
 */
@ConfigMapping(prefix = "autopilot.github")
public interface GithubConfig {

  /** The webhook's secret, as entered on GitHub; deliveries not signed with it are refused. */
  Optional<String> webhookSecret();

  /** The repository ({@code owner/name}) whose events are taken; any other is refused. */
  Optional<String> repository();

  /**
   * The fork ({@code owner/name}) the runner pushes agent branches to ({@code
   * AUTOPILOT_PUSH_REMOTE}), if any: pull requests whose head is there count as the runner's too.
   */
  Optional<String> pushFork();

  /** Review and CI re-runs an issue gets before it goes blocked for a human. */
  @WithDefault("3")
  int maxFixCycles();

  /**
   * GitHub logins (any case) whose review text the agents get, beside the repository's {@code
   * OWNER}. {@code MEMBER} or {@code COLLABORATOR} alone is not write access, so it does not count.
   */
  Optional<List<String>> trustedReviewers();

  /**
   * Teams ({@code org/team-slug}) whose active members' review text the agents get, members of
   * child teams included; GitHub is asked with {@code token} (a pending invitation is not
   * membership, and an unanswered question is a no).
   */
  Optional<List<String>> trustedTeams();

  /** GitHub's REST API, asked about team membership. */
  @WithDefault("https://api.github.com")
  String apiUrl();

  /**
   * Token for GitHub's REST API that may read the teams' members (a fine-grained token with the
   * organisation's Members: read, or a GitHub App installation token); needed for {@code
   * trusted-teams}.
   */
  Optional<String> token();

  /**
   * A file holding that token instead, read anew at each question to GitHub: whatever refreshes an
   * installation token (valid an hour) rewrites it without a restart.
   */
  Optional<Path> tokenFile();

  /** Time GitHub has to answer one membership question; past it the reviewer is not trusted. */
  @WithDefault("3s")
  Duration apiTimeout();

  /** How long GitHub's answer about a login's team membership is kept (failures are not). */
  @WithDefault("5m")
  Duration membershipCache();

  /**
   * How long a delivery's body is remembered: the same body under another delivery id within it is
   * refused, since the signature covers the body but not the id.
   */
  @WithDefault("24h")
  Duration replayWindow();

  /** Largest delivery body; GitHub caps payloads at 25 MB, pull request events are far smaller. */
  @WithDefault("5242880")
  int maxBodyBytes();
}
