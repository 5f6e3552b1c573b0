package dev.autopilot.api.github;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

  /** Review and CI re-runs an issue gets before it goes blocked for a human. */
  @WithDefault("3")
  int maxFixCycles();

  /** GitHub logins whose review text the agents get, beside those with write access. */
  Optional<List<String>> trustedReviewers();

  /** Largest delivery body; GitHub caps payloads at 25 MB, pull request events are far smaller. */
  @WithDefault("5242880")
  int maxBodyBytes();
}
