package dev.autopilot.api.project;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every project's key, id and feedback origins in memory, for the anonymous ingress: it runs on the
 * event loop and may not wait for the database. Reloaded every few seconds (so a change made on
 * another replica arrives soon) and right after a change made here has committed.
 */
@ApplicationScoped
public class ProjectDirectory {

  private static final Logger LOG = Logger.getLogger(ProjectDirectory.class);

  /**
   * What a hot path needs of a project: the feedback ingress its origins, the GitHub webhook its
   * repository ({@code owner/name}, lower case), secret and push fork, a claim where the work
   * happens.
   */
  public record Entry(
      long id,
      String key,
      List<String> feedbackOrigins,
      String githubRepository,
      String githubWebhookSecret,
      String pushFork,
      String repository,
      String baseBranch,
      Project.PushTarget pushTarget) {}

  private record Snapshot(Map<String, Entry> byKey, Map<Long, Entry> byId, Entry first) {}

  private final ProjectRepository projects;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), null);

  public ProjectDirectory(ProjectRepository projects) {
    this.projects = projects;
  }

  void start(@Observes StartupEvent event) {
    reload();
  }

  @Scheduled(
      every = "${autopilot.projects.refresh:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    try {
      reload();
    } catch (RuntimeException e) {
      // The last snapshot stays: feedback keeps flowing through a database blip.
      LOG.debugf("Project directory not refreshed: %s", e.getMessage());
    }
  }

  /** The project with this key (any case), if there is one. */
  public Optional<Entry> byKey(String key) {
    return Optional.ofNullable(snapshot.byKey().get(ProjectKeys.normal(key)));
  }

  /** The project with this id, if there is one. */
  public Optional<Entry> byId(long id) {
    return Optional.ofNullable(snapshot.byId().get(id));
  }

  /** Every project. */
  public java.util.Collection<Entry> all() {
    return snapshot.byId().values();
  }

  /** The first project made (the migrated {@code default}): where unnamed feedback goes. */
  public Optional<Entry> first() {
    return Optional.ofNullable(snapshot.first());
  }

  /** Reloads now: called after a change has committed, so it is seen at once here. */
  public void changed() {
    reload();
  }

  private void reload() {
    List<Project> all = QuarkusTransaction.requiringNew().call(projects::byId);
    Map<String, Entry> byKey =
        all.stream()
            .map(ProjectDirectory::entry)
            .collect(Collectors.toMap(Entry::key, Function.identity()));
    Map<Long, Entry> byId =
        byKey.values().stream().collect(Collectors.toMap(Entry::id, Function.identity()));
    snapshot =
        new Snapshot(Map.copyOf(byKey), Map.copyOf(byId), all.isEmpty() ? null : entry(all.get(0)));
  }

  private static Entry entry(Project p) {
    return new Entry(
        p.id,
        p.key,
        p.feedbackOrigins == null ? List.of() : List.copyOf(p.feedbackOrigins),
        p.githubRepository,
        p.githubWebhookSecret,
        p.pushFork,
        p.repository,
        p.baseBranch,
        p.pushTarget);
  }
}
