package dev.autopilot.api.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A project as the API shows it: every setting, and whether a webhook secret is set (never it). */
public record ProjectView(
    String key,
    String name,
    String repository,
    String baseBranch,
    Project.PushTarget pushTarget,
    String pushFork,
    String agentKind,
    String model,
    Integer maxTurns,
    String bashMode,
    List<String> allowedDomains,
    BigDecimal issueCapUsd,
    BigDecimal dayCapUsd,
    String githubRepository,
    boolean githubWebhookSecretSet,
    List<String> feedbackOrigins,
    JsonNode environment,
    long issues,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  static ProjectView of(Project p, JsonNode environment, long issues) {
    return new ProjectView(
        p.key,
        p.name,
        p.repository,
        p.baseBranch,
        p.pushTarget,
        p.pushFork,
        p.agentKind,
        p.model,
        p.maxTurns,
        p.bashMode,
        p.allowedDomains,
        p.issueCapUsd,
        p.dayCapUsd,
        p.githubRepository,
        p.githubWebhookSecret != null,
        p.feedbackOrigins,
        environment,
        issues,
        p.createdBy,
        p.createdAt,
        p.updatedAt,
        p.version);
  }
}
