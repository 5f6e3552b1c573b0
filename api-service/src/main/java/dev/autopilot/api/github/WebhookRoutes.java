package dev.autopilot.api.github;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's routes: each project with a GitHub repository and secret, and the instance's own
 * ({@code autopilot.github.repository} and {@code webhook-secret}, for the first project, as before
 * projects). The signature is checked against every secret before the body is parsed.
 */
@ApplicationScoped
class WebhookRoutes {

  private final GithubConfig config;
  private final ProjectDirectory projects;

  WebhookRoutes(GithubConfig config, ProjectDirectory projects) {
    this.config = config;
    this.projects = projects;
  }

  /**
   * The routes whose secret made {@code signature} over {@code body} (empty: none did); a 404
   * problem when no webhook is configured at all.
   */
  List<WebhookRoute> signedBy(byte[] body, String signature) {
    Map<String, List<WebhookRoute>> bySecret = new HashMap<>();
    config
        .webhookSecret()
        .ifPresent(
            secret ->
                projects
                    .first()
                    .ifPresent(
                        first ->
                            bySecret
                                .computeIfAbsent(secret, s -> new ArrayList<>())
                                .add(
                                    new WebhookRoute(
                                        first.id(),
                                        config.repository().orElse("").toLowerCase(Locale.ROOT),
                                        config.pushFork().flatMap(WebhookRoute::fullName)))));
    for (ProjectDirectory.Entry p : projects.all()) {
      if (p.githubRepository() != null && p.githubWebhookSecret() != null) {
        bySecret
            .computeIfAbsent(p.githubWebhookSecret(), s -> new ArrayList<>())
            .add(
                new WebhookRoute(
                    p.id(),
                    p.githubRepository(),
                    Optional.ofNullable(p.pushFork()).flatMap(WebhookRoute::fullName)));
      }
    }
    if (bySecret.isEmpty()) {
      throw new ProblemException(
          404, "not-configured", "Not configured", "GitHub webhooks are off here.");
    }
    List<WebhookRoute> signed = new ArrayList<>();
    // Every secret is tried, whichever matches: the time taken says nothing about which one did.
    bySecret.forEach(
        (secret, routes) -> {
          if (GithubSignature.matches(secret, body, signature)) {
            signed.addAll(routes);
          }
        });
    return signed;
  }
}
