package dev.autopilot.runner.git;

import dev.autopilot.contract.WorkProject;
import dev.autopilot.runner.RunnerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The runner's repositories: its own ({@code AUTOPILOT_WORKDIR} or {@code AUTOPILOT_REPO_URL}), and
 * one clone per project that names a repository of its own, made under the cache the first time one
 * of its issues is claimed. A project's clone is kept apart by key and URL, so changing the
 * project's repository starts a new clone rather than reusing another repository's.
 */
public class Workspaces {

  private static final Logger LOG = Logger.getLogger(Workspaces.class);

  private final RunnerConfig config;
  private final String runnerId;
  private final Optional<SlotDisks> disks;
  private final Workspace own;
  private final Map<String, Workspace> projects = new ConcurrentHashMap<>();

  public Workspaces(
      RunnerConfig config, String runnerId, Optional<SlotDisks> disks, Workspace own) {
    this.config = config;
    this.runnerId = runnerId;
    this.disks = disks;
    this.own = own;
  }

  /** The runner's own workspace. */
  public Workspace own() {
    return own;
  }

  /**
   * The workspace a claim's work happens in: its project's clone when the project names a
   * repository, else the runner's own. Cloned (and made ready) on first use.
   */
  public Workspace of(WorkProject project) {
    if (project == null || project.repository() == null || project.repository().isBlank()) {
      return own;
    }
    String dir = project.key() + "-" + shortHash(project.repository());
    return projects.computeIfAbsent(dir, d -> open(d, project));
  }

  private Workspace open(String dir, WorkProject project) {
    Path root = Workspace.cache(config).resolve("projects").resolve(dir);
    Workspace workspace =
        new Workspace(
            root.resolve("repo"),
            root.resolve("worktrees"),
            runnerId,
            disks,
            new Workspace.Source(
                Optional.of(project.repository()),
                Optional.ofNullable(project.baseBranch()).or(config::baseBranch),
                pushRemote(project),
                pushes(project),
                "-" + project.key()));
    LOG.infof("Project %s: working in %s", project.key(), root.resolve("repo"));
    workspace.init(false);
    return workspace;
  }

  // The project's push target; unset, the runner's own (AUTOPILOT_PUSH, AUTOPILOT_PUSH_REMOTE).
  private String pushRemote(WorkProject project) {
    return switch (target(project)) {
      case "origin" -> "origin";
      case "fork" -> project.pushFork();
      default -> config.pushRemote().orElse("origin");
    };
  }

  private boolean pushes(WorkProject project) {
    return switch (target(project)) {
      case "origin" -> true;
      case "fork" -> project.pushFork() != null;
      case "off" -> false;
      default -> config.push();
    };
  }

  private static String target(WorkProject project) {
    return project.pushTarget() == null ? "" : project.pushTarget().toLowerCase(Locale.ROOT);
  }

  private static String shortHash(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
