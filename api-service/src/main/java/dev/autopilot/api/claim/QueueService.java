package dev.autopilot.api.claim;

import dev.autopilot.api.dispatch.DispatchConfig;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.run.RunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads the work queue's health for the board. */
@ApplicationScoped
public class QueueService {

  private final IssueRepository issues;
  private final RunRepository runs;
  private final DispatchConfig config;

  public QueueService(IssueRepository issues, RunRepository runs, DispatchConfig config) {
    this.issues = issues;
    this.runs = runs;
    this.config = config;
  }

  /**
   * Ready and running counts and the oldest wait; stalled when nobody takes the work. Also the
   * runners that ran agents unsandboxed lately, which the security policy says the board must show.
   */
  /**
   * The same for the projects with these ids ({@code within}, null: all), named {@code project}
   * when it is one project: then also the runners that took its work lately.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public QueueHealth health(String project, Set<Long> within) {
    IssueRepository.Queue queue = issues.queue(within);
    // Busy runners are not a stall: the queue waits for them. Nothing in progress is.
    boolean stalled =
        queue.ready() > 0
            && queue.running() == 0
            && queue.oldestReady() != null
            && queue.oldestReady().isBefore(Instant.now().minus(config.stallAfter()));
    // A runner is one host with several slots ("host/slot-2"): name the host once.
    TreeSet<String> unsandboxed = new TreeSet<>();
    runs.unsandboxedRunners(Instant.now().minus(config.unsandboxedWarning()))
        .forEach(id -> unsandboxed.add(id.replaceFirst("/slot-\\d+$", "")));
    List<String> runners = null;
    if (project != null) {
      TreeSet<String> hosts = new TreeSet<>();
      runs.runnersOf(within, Instant.now().minus(Duration.ofDays(1)))
          .forEach(id -> hosts.add(id.replaceFirst("/slot-\\d+$", "")));
      runners = List.copyOf(hosts);
    }
    return new QueueHealth(
        queue.ready(),
        queue.running(),
        queue.oldestReady(),
        stalled,
        List.copyOf(unsandboxed),
        project,
        runners);
  }
}
