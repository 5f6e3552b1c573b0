package dev.autopilot.runner.job;

import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.FailureReason;
import dev.autopilot.contract.RunReport;
import dev.autopilot.contract.WorkIssue;
import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.agent.AgentAdapter;
import dev.autopilot.runner.agent.AgentRequest;
import dev.autopilot.runner.agent.AgentResult;
import dev.autopilot.runner.agent.Prompts;
import dev.autopilot.runner.api.RunnerApi;
import dev.autopilot.runner.git.Changes;
import dev.autopilot.runner.git.Git;
import dev.autopilot.runner.git.NestedRepositories;
import dev.autopilot.runner.git.ProtectedPaths;
import dev.autopilot.runner.git.SlotDisks;
import dev.autopilot.runner.git.Workspace;
import dev.autopilot.runner.git.Workspaces;
import dev.autopilot.runner.git.WorktreeState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One claimed issue, start to report: a clean worktree on {@code autopilot/issue-N}, the agent,
 * then the runner (not the agent) commits, checks git was not touched, pushes and reports.
 */
public class Job {

  private static final Logger LOG = Logger.getLogger(Job.class);

  private final RunnerConfig config;
  private final RunnerApi api;
  private final Workspaces workspaces;
  private final AgentAdapter agent;
  private final ProtectedPaths protectedPaths;
  private final ReportDelivery delivery;

  public Job(RunnerConfig config, RunnerApi api, Workspaces workspaces, AgentAdapter agent) {
    this.protectedPaths = new ProtectedPaths(config.git().protectedPaths());
    this.config = config;
    this.api = api;
    this.delivery = new ReportDelivery(api, config.api().reportPatience());
    this.workspaces = workspaces;
    this.agent = agent;
  }

  /** Runs a claim on a slot; {@code shutdown} asks it to stop early and checkpoint. */
  public void run(ClaimGrant grant, int slot, BooleanSupplier shutdown) {
    WorkIssue issue = grant.issue();
    String branch = "autopilot/issue-" + issue.id();
    int leaseSeconds = (int) Math.max(3, config.lease().toSeconds());
    LOG.infof("Working on %s (attempt %d) in slot %d", issue.name(), grant.attempt(), slot);
    Path dir = null;
    Workspace workspace = null;
    try (Heartbeater heartbeat =
            new Heartbeater(api, grant.claimId(), grant.fencingToken(), leaseSeconds);
        ProgressBuffer progress = new ProgressBuffer(api, grant.claimId(), grant.fencingToken())) {
      String base;
      try {
        // The project's own repository (cloned on its first issue), or the runner's.
        workspace = workspaces.of(grant.project());
        base = workspace.freshBase();
        dir = workspace.prepare(slot, branch, base);
      } catch (Git.GitException e) {
        report(grant, ReportDraft.failed(FailureReason.GIT, e.getMessage()), null);
        return;
      }
      String start = Git.run(dir, "rev-parse", "HEAD").strip();
      boolean rerun = !start.equals(Git.run(dir, "rev-parse", base).strip());
      String lease = rerun ? start : null;
      String before = WorktreeState.fingerprint(dir);
      String session = grant.previous() == null ? null : grant.previous().sessionId();
      // On a slot disk the run's home and /tmp count against its disk budget too.
      Optional<Path> disk = workspace.slotDisk(dir);
      Path home =
          disk.map(d -> RunHome.in(agentHome(issue.id()), d.resolve("home")))
              .orElse(agentHome(issue.id()));
      Path tmp = disk.map(d -> d.resolve("tmp")).orElse(null);
      if (tmp != null) {
        RunHome.clear(tmp);
      }
      AgentResult result =
          agent.run(
              new AgentRequest(
                  dir,
                  Prompts.forIssue(
                      issue,
                      WorktreeState.guidance(dir, base, config.agent().guidanceFile()),
                      session != null || rerun),
                  home,
                  session,
                  config.agent().timeout(),
                  config.agent().grace(),
                  () -> heartbeat.lost() || shutdown.getAsBoolean(),
                  progress::add,
                  heartbeat::cost,
                  tmp));
      progress.drain(config.api().reportPatience());
      disk.ifPresent(d -> RunHome.out(home, agentHome(issue.id())));
      if (tmp != null) {
        RunHome.clear(tmp);
      }
      if (disk.isPresent() && SlotDisks.full(dir)) {
        workspace.discard(dir);
        report(grant, ReportDraft.diskFull(config.agent().diskMib()), result);
        return;
      }
      List<String> nested = NestedRepositories.in(dir);
      if (!nested.isEmpty()) {
        NestedRepositories.remove(dir, nested); // before any git command can read their config
        workspace.discard(dir);
        report(grant, ReportDraft.nestedRepositories(nested), result);
        return;
      }
      if (workspace.restoreLink(dir) || !before.equals(WorktreeState.fingerprint(dir))) {
        report(
            grant,
            ReportDraft.failed(
                FailureReason.GIT,
                "The agent changed HEAD, its branch, the git config or the worktree's .git link;"
                    + " its work was discarded."),
            result);
        return;
      }
      if (result.stop() != AgentResult.Stop.NONE) {
        Changes.Committed checkpoint =
            checkpoint(workspace, dir, base, issue, branch, lease, result.stop());
        if (heartbeat.lost()) {
          return; // cancelled or superseded: the server refuses reports
        }
        if (shutdown.getAsBoolean()) {
          release(
              grant,
              checkpoint == null
                  ? "the runner is shutting down"
                  : "the runner is shutting down; its work so far is checkpointed on " + branch);
          return;
        }
        ReportDraft failed =
            ReportDraft.failed(Outcomes.failureReason(result), result.stderrTail());
        report(grant, failed.withCheckpoint(branch, checkpoint), result);
        return;
      }
      if (!result.sawResult() || result.isError()) {
        String detail =
            result.text() != null
                ? result.text() + "\n" + result.stderrTail()
                : result.stderrTail();
        report(grant, ReportDraft.failed(Outcomes.failureReason(result), detail.strip()), result);
        return;
      }
      String question = Outcomes.blockedQuestion(result);
      if (question != null) {
        workspace.discard(dir);
        report(grant, ReportDraft.blocked(result.text(), question), result);
        return;
      }
      List<String> changes = ProtectedPaths.changes(dir);
      if (changes.isEmpty()) {
        report(grant, ReportDraft.noChanges(rerun ? branch : null, result.text()), result);
        return;
      }
      List<String> touched = protectedPaths.touched(dir, changes);
      if (!touched.isEmpty()) {
        workspace.discard(dir);
        report(grant, ReportDraft.protectedFiles(touched), result);
        return;
      }
      List<String> big = ProtectedPaths.oversized(dir, changes, maxFileBytes());
      if (!big.isEmpty()) {
        workspace.discard(dir);
        report(grant, ReportDraft.tooLarge(big, config.agent().maxFileMib()), result);
        return;
      }
      Changes.Committed commit =
          Changes.commit(
              dir,
              base,
              message(issue, result.text()),
              config.git().authorName(),
              config.git().authorEmail());
      String pr = null;
      if (workspace.pushes()) {
        String head = workspace.push(dir, branch, lease);
        pr =
            rerun
                ? null
                : Changes.openPullRequest(
                    config.ghBin(), dir, head, issue.name() + " " + issue.title(), result.text());
      }
      report(grant, ReportDraft.implemented(branch, commit, pr, result.text()), result);
    } catch (RuntimeException e) {
      LOG.errorf(e, "Job for %s failed", issue.name());
      report(grant, ReportDraft.failed(FailureReason.GIT, e.getMessage()), null);
    } finally {
      if (dir != null && workspace != null) {
        try {
          workspace.release(dir);
        } catch (RuntimeException e) {
          LOG.warnf("Could not clean slot %d: %s", slot, e.getMessage());
        }
      }
    }
  }

  private Changes.Committed checkpoint(
      Workspace workspace,
      Path dir,
      String base,
      WorkIssue issue,
      String branch,
      String lease,
      AgentResult.Stop why) {
    List<String> changes = ProtectedPaths.changes(dir);
    if (changes.isEmpty()) {
      return null;
    }
    List<String> touched = protectedPaths.touched(dir, changes);
    touched.addAll(ProtectedPaths.oversized(dir, changes, maxFileBytes()));
    if (!touched.isEmpty()) {
      LOG.warnf("Not checkpointing #%d: %s", issue.id(), touched);
      return null;
    }
    Changes.Committed c =
        Changes.commit(
            dir,
            base,
            "WIP: checkpoint of #"
                + issue.id()
                + " ("
                + why.name().toLowerCase()
                + ")\n\nAutopilot-Issue: "
                + issue.id(),
            config.git().authorName(),
            config.git().authorEmail());
    if (workspace.pushes()) {
      workspace.push(dir, branch, lease);
    }
    return c;
  }

  /** Gives a claim back unfinished; if that fails the lease expiry returns it anyway. */
  public void release(ClaimGrant grant, String reason) {
    try {
      api.release(grant.claimId(), grant.fencingToken(), reason);
      LOG.infof("Gave #%d back: %s", grant.issue().id(), reason);
    } catch (RuntimeException e) {
      LOG.warnf("Could not give #%d back (%s); its lease will expire", grant.issue().id(), e);
    }
  }

  private void report(ClaimGrant grant, ReportDraft draft, AgentResult agentResult) {
    deliver(grant, draft.toReport(grant.fencingToken(), agentResult));
  }

  /** Sends a report; see {@link ReportDelivery}. */
  void deliver(ClaimGrant grant, RunReport report) {
    delivery.deliver(grant, report);
  }

  private long maxFileBytes() {
    return (long) config.agent().maxFileMib() * 1024 * 1024;
  }

  private static String message(WorkIssue issue, String summary) {
    String title = issue.title().length() > 72 ? issue.title().substring(0, 72) : issue.title();
    return issue.name()
        + " "
        + title
        + "\n\n"
        + (summary == null ? "" : summary.strip() + "\n\n")
        + "Autopilot-Issue: "
        + issue.id();
  }

  private Path agentHome(long issueId) {
    return Path.of(config.cacheDir())
        .toAbsolutePath()
        .resolve("agent-home")
        .resolve("issue-" + issueId);
  }
}
