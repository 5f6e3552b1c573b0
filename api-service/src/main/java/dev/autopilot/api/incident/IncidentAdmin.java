package dev.autopilot.api.incident;

import dev.autopilot.api.incident.IncidentViews.NewKey;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectAccess;
import dev.autopilot.api.project.ProjectRepository;
import dev.autopilot.api.security.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** Reviewers' side of incidents: projects and their DSN keys. */
@ApplicationScoped
public class IncidentAdmin {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final IncidentProjectRepository projects;
  private final IncidentConfig config;
  private final ProjectRepository boardProjects;
  private final ProjectAccess access;

  public IncidentAdmin(
      IncidentProjectRepository projects,
      IncidentConfig config,
      ProjectRepository boardProjects,
      ProjectAccess access) {
    this.projects = projects;
    this.config = config;
    this.boardProjects = boardProjects;
    this.access = access;
  }

  /** Creates a project and its first key. */
  @Transactional
  public IncidentViews.CreatedProject create(
      IncidentViews.NewProject request, Actor actor, URI base) {
    if ((request.autoReadyEvents() == null) != (request.autoReadyWindowSeconds() == null)) {
      throw ProblemException.badRequest(
          "Give both 'auto_ready_events' and 'auto_ready_window_seconds', or neither.");
    }
    String name = request.name().strip();
    if (projects.named(name)) {
      throw ProblemException.conflict("name-taken", "An incident project named so exists.");
    }
    IncidentProject project = new IncidentProject();
    project.name = name;
    project.projectId = boardProjects.named(request.project()).id;
    access.requireWrite(project.projectId, "Project '" + request.project() + "'");
    project.autoReadyEvents = request.autoReadyEvents();
    project.autoReadyWindowSeconds = request.autoReadyWindowSeconds();
    project.createdBy = actor.name();
    project.createdAt = Instant.now();
    projects.persistAndFlush(project);
    NewKey key = addKey(project, request.keyLabel(), actor, base);
    return new IncidentViews.CreatedProject(
        IncidentViews.ProjectView.of(project, projects.keys(project.id)), key);
  }

  /** A new key for a project. */
  @Transactional
  public NewKey newKey(long projectId, String label, Actor actor, URI base) {
    return addKey(ownable(projectId), label, actor, base);
  }

  /** Revokes a key: the application's events are refused from now on. */
  @Transactional
  public void revoke(long projectId, long keyId) {
    ownable(projectId);
    projects.revoke(projects.requireKey(projectId, keyId));
  }

  private IncidentProject ownable(long projectId) {
    IncidentProject project = projects.require(projectId);
    access.requireWrite(project.projectId, "Incident project " + projectId);
    if (IncidentProject.OWN.equals(project.name)) {
      throw ProblemException.conflict(
          "built-in", "The api-service's own project records in-process and takes no keys.");
    }
    return project;
  }

  private NewKey addKey(IncidentProject project, String label, Actor actor, URI base) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    IncidentKey key = new IncidentKey();
    key.projectId = project.id;
    key.keyHash = IncidentProjectRepository.hash(secret);
    key.keyHint = secret.substring(0, 6);
    key.label = label == null || label.isBlank() ? null : label.strip();
    key.createdBy = actor.name();
    key.createdAt = Instant.now();
    key.persist();
    return new NewKey(key.id, secret, dsn(secret, project.id, base));
  }

  private String dsn(String key, long projectId, URI requestBase) {
    URI base = config.publicUrl().map(URI::create).orElse(requestBase);
    String port = base.getPort() < 0 ? "" : ":" + base.getPort();
    return base.getScheme() + "://" + key + "@" + base.getHost() + port + "/" + projectId;
  }
}
