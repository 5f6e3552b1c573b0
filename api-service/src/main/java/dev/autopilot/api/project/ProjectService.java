package dev.autopilot.api.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creating and changing projects. Changes are JSON merge patches (RFC 7396): a field left out
 * stays, {@code null} goes back to the runner's own setting. The webhook secret is write-only.
 */
@ApplicationScoped
public class ProjectService {

  private static final String SECRET = "github_webhook_secret";
  private static final int MAX_ENVIRONMENT_CHARS = 64 * 1024;

  private final ProjectRepository projects;
  private final ObjectMapper json;
  private final Validator validator;

  public ProjectService(ProjectRepository projects, ObjectMapper json, Validator validator) {
    this.projects = projects;
    this.json = json;
    this.validator = validator;
  }

  /** Every project among {@code within} (null: all), by key. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ProjectView> all(Set<Long> within) {
    java.util.Map<Long, Long> counts = projects.issueCounts(); // one query, not one per project
    return projects.all().stream()
        .filter(p -> within == null || within.contains(p.id))
        .map(p -> ProjectView.of(p, environment(p), counts.getOrDefault(p.id, 0L)))
        .toList();
  }

  /** One project if it is among {@code within} (null: any); else a 404 problem. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public ProjectView get(String key, Set<Long> within) {
    Project project = projects.require(key);
    if (within != null && !within.contains(project.id)) {
      throw ProblemException.notFound("Project '" + key + "' does not exist.");
    }
    return view(project);
  }

  /** Makes a project from {@code key} and the settings in {@code body}. */
  @Transactional
  public ProjectView create(ObjectNode body, Actor actor) {
    ObjectNode fields = body.deepCopy();
    JsonNode keyNode = fields.remove("key");
    String key =
        ProjectKeys.valid(keyNode != null && keyNode.isTextual() ? keyNode.asText() : null);
    if (projects.byKey(key).isPresent()) {
      throw ProblemException.conflict("project-exists", "A project with key '" + key + "' exists.");
    }
    JsonNode secret = fields.remove(SECRET);
    Project project = new Project();
    project.key = key;
    project.createdBy = actor.name();
    project.createdAt = Instant.now();
    project.updatedAt = project.createdAt;
    apply(project, settings(fields), secret, fields.has(SECRET) || secret != null);
    projects.persist(project);
    projects.flush();
    return view(project);
  }

  /** Applies a merge patch to the project's settings; {@code expected} guards the version. */
  @Transactional
  public ProjectView patch(String key, ObjectNode patch, Long expected) {
    Project project = projects.require(key);
    if (expected != null && expected != project.version) {
      throw ProblemException.conflict(
          "edit-conflict",
          "Project '" + key + "' is at version " + project.version + "; reload it and try again.");
    }
    ObjectNode fields = patch.deepCopy();
    if (fields.has("key") && !ProjectKeys.normal(fields.path("key").asText()).equals(project.key)) {
      throw ProblemException.badRequest("A project's key never changes.");
    }
    fields.remove("key");
    boolean secretGiven = fields.has(SECRET);
    JsonNode secret = fields.remove(SECRET);
    ObjectNode merged = json.valueToTree(current(project));
    merge(merged, fields);
    apply(project, settings(merged), secret, secretGiven);
    project.updatedAt = Instant.now();
    projects.flush();
    return view(project);
  }

  private ProjectSettings settings(ObjectNode fields) {
    ProjectSettings settings;
    try {
      settings = json.treeToValue(fields, ProjectSettings.class);
    } catch (JsonProcessingException e) {
      throw new ProblemException(400, "invalid-json", "Invalid project", describe(e));
    }
    Set<ConstraintViolation<ProjectSettings>> violations = validator.validate(settings);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    if (settings.environment() != null
        && (!settings.environment().isObject()
            || settings.environment().toString().length() > MAX_ENVIRONMENT_CHARS)) {
      throw ProblemException.badRequest("Field 'environment' must be an object under 64 KiB.");
    }
    return settings;
  }

  private void apply(Project p, ProjectSettings s, JsonNode secret, boolean secretGiven) {
    String github =
        s.githubRepository() == null ? null : s.githubRepository().toLowerCase(Locale.ROOT);
    if (github != null) {
      projects
          .byGithubRepository(github)
          .filter(other -> !other.id.equals(p.id))
          .ifPresent(
              other -> {
                throw ProblemException.conflict(
                    "github-repository-taken",
                    "Project '" + other.key + "' already serves GitHub repository " + github + ".");
              });
    }
    p.name = s.name().strip();
    p.repository = s.repository();
    p.baseBranch = s.baseBranch();
    p.pushTarget = s.pushTarget();
    p.pushFork = s.pushFork();
    if (p.pushTarget == Project.PushTarget.FORK && p.pushFork == null) {
      throw ProblemException.badRequest("Field 'push_fork' is required when push_target is fork.");
    }
    p.agentKind = s.agentKind();
    p.model = s.model();
    p.maxTurns = s.maxTurns();
    p.bashMode = s.bashMode();
    p.allowedDomains = s.allowedDomains() == null ? null : List.copyOf(s.allowedDomains());
    p.issueCapUsd = s.issueCapUsd();
    p.dayCapUsd = s.dayCapUsd();
    p.githubRepository = github;
    p.feedbackOrigins = s.feedbackOrigins() == null ? null : List.copyOf(s.feedbackOrigins());
    p.environment = s.environment() == null ? "{}" : s.environment().toString();
    if (secretGiven) {
      p.githubWebhookSecret = secret(secret);
    }
    if (p.githubRepository != null && p.githubWebhookSecret == null) {
      throw ProblemException.badRequest(
          "Field 'github_webhook_secret' is required with a github_repository.");
    }
  }

  private static String secret(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String s = node.isTextual() ? node.asText() : "";
    if (s.length() < 16 || s.length() > 200 || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw ProblemException.badRequest(
          "Field 'github_webhook_secret' must be 16 to 200 printable characters without blanks.");
    }
    return s;
  }

  private ProjectSettings current(Project p) {
    return new ProjectSettings(
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
        p.feedbackOrigins,
        environment(p));
  }

  // RFC 7396: objects merge member by member, null removes, anything else replaces.
  private static void merge(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      JsonNode old = target.get(field.getKey());
      if (value.isObject() && old != null && old.isObject()) {
        merge((ObjectNode) old, (ObjectNode) value);
      } else {
        target.set(field.getKey(), value);
      }
    }
  }

  private ProjectView view(Project p) {
    return ProjectView.of(p, environment(p), projects.issueCount(p.id));
  }

  private JsonNode environment(Project p) {
    try {
      return json.readTree(p.environment == null ? "{}" : p.environment);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("project " + p.key + " holds invalid environment JSON", e);
    }
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      return "Unknown field '" + u.getPropertyName() + "'.";
    }
    String field =
        e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
            ? m.getPath().get(0).getFieldName()
            : null;
    return field == null
        ? "The body does not have a project's shape."
        : "Field '" + field + "' has the wrong type or value.";
  }
}
