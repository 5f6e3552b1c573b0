package dev.autopilot.api.github;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which project a delivery is for: the one whose secret signed it and whose GitHub repository it
 * names. One webhook URL serves every project; a delivery signed with one project's secret about
 * another's repository matches no route.
 *
 * @param projectId the project whose issues the delivery may move
 * @param repository {@code owner/name} of its GitHub repository
 * @param pushFork {@code owner/name} of the fork the runner pushes to, if any
 */
record WebhookRoute(long projectId, String repository, Optional<String> pushFork) {

  // git@github.com:owner/name.git, https://github.com/owner/name(.git), ssh://git@github.com/…
  private static final Pattern GITHUB_URL =
      Pattern.compile(
          "(?:git@|ssh://git@|https?://)(?:[^@/]*@)?github\\.com[:/]([A-Za-z0-9-]{1,39})/([A-Za-z0-9_.-]{1,100}?)(?:\\.git)?/?");

  /** Whether {@code fullName} is this route's repository or push fork (any case). */
  boolean ours(String fullName) {
    return !fullName.isEmpty()
        && (repository.equalsIgnoreCase(fullName)
            || pushFork.map(fullName::equalsIgnoreCase).orElse(false));
  }

  /** {@code owner/name} of a GitHub clone URL or remote, or the value itself when it is one. */
  static Optional<String> fullName(String remote) {
    if (remote == null || remote.isBlank()) {
      return Optional.empty();
    }
    if (remote.matches("[A-Za-z0-9-]{1,39}/[A-Za-z0-9_.-]{1,100}")) {
      return Optional.of(remote.toLowerCase(Locale.ROOT));
    }
    Matcher m = GITHUB_URL.matcher(remote.strip());
    return m.matches()
        ? Optional.of((m.group(1) + "/" + m.group(2)).toLowerCase(Locale.ROOT))
        : Optional.empty();
  }
}
