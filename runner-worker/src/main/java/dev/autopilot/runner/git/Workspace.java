package dev.autopilot.runner.git;

import dev.autopilot.runner.RunnerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The repository and this runner's per-slot worktrees. A slot's worktree is reused: switching it to
 * the next issue's branch and cleaning it costs a fraction of creating a worktree, and the clean
 * ({@code reset --hard}, {@code clean -ffdx}) leaves nothing from the previous issue.
 */
public class Workspace {

  private static final Logger LOG = Logger.getLogger(Workspace.class);

  // Each slot's .git file as the runner wrote it; the agent can edit files in the worktree.
  private final Map<Path, byte[]> links = new ConcurrentHashMap<>();
  // The shared repository's config files as they were at start: the runner's git runs what they
  // say (sshCommand, filters, diff drivers, includes), so nothing else may stand in them.
  private final TrustedFiles trusted = new TrustedFiles();
  private final Object repoLock = new Object();
  private final Path repo;
  private final Path worktrees;
  private final String runnerId;
  private final Optional<SlotDisks> disks;
  private final Source source;

  /**
   * Where a workspace's repository comes from and where its work goes.
   *
   * @param cloneUrl cloned into the workspace when it has no repository yet
   * @param baseBranch new work starts from it; empty: the remote's default branch
   * @param pushRemote where agent branches are pushed (a remote name or URL)
   * @param pushes whether jobs push their branches there
   * @param tag set apart this workspace's slots (and their disks) from other workspaces'
   */
  record Source(
      Optional<String> cloneUrl,
      Optional<String> baseBranch,
      String pushRemote,
      boolean pushes,
      String tag) {}

  public Workspace(RunnerConfig config, String runnerId) {
    this(config, runnerId, Optional.empty());
  }

  /** A workspace whose slots live on {@code disks}, each of a fixed size, when there are any. */
  public Workspace(RunnerConfig config, String runnerId, Optional<SlotDisks> disks) {
    this(
        config
            .workdir()
            .map(p -> Path.of(p).toAbsolutePath())
            .orElse(cache(config).resolve("repo")),
        cache(config).resolve("worktrees"),
        runnerId,
        disks,
        new Source(
            config.repoUrl(),
            config.baseBranch(),
            config.pushRemote().orElse("origin"),
            config.push(),
            ""));
  }

  Workspace(Path repo, Path worktrees, String runnerId, Optional<SlotDisks> disks, Source source) {
    this.repo = repo;
    this.worktrees = worktrees;
    this.runnerId = runnerId;
    this.disks = disks;
    this.source = source;
  }

  static Path cache(RunnerConfig config) {
    return Path.of(config.cacheDir()).toAbsolutePath();
  }

  /** Clones when needed and removes worktrees this runner left behind. */
  public void init() {
    init(true);
  }

  /**
   * As {@link #init()}; {@code freshDisks} unmounts and deletes every slot disk first, which only
   * the runner's first workspace may do (the others' slots share the disks' directory).
   */
  void init(boolean freshDisks) {
    try {
      Files.createDirectories(worktrees);
      if (!Files.exists(repo.resolve(".git")) && !Files.exists(repo.resolve("HEAD"))) {
        String url =
            source
                .cloneUrl()
                .orElseThrow(
                    () -> new IllegalStateException("Set AUTOPILOT_WORKDIR or AUTOPILOT_REPO_URL"));
        Files.createDirectories(repo.getParent());
        Git.run(repo.getParent(), "clone", "--quiet", "--", url, repo.toString());
      }
      try (Stream<Path> stale = Files.list(worktrees)) {
        stale
            .filter(p -> p.getFileName().toString().startsWith(slotPrefix()))
            .forEach(
                p -> {
                  LOG.infof("Removing stale worktree %s", p);
                  Git.tryRun(repo, "worktree", "remove", "--force", p.toString());
                  Trees.remove(p, trash());
                });
      }
      if (freshDisks) {
        disks.ifPresent(SlotDisks::reset); // a new start gets new, empty slot disks
      }
      deleteTree(trash()); // slots a rebuild could only move aside
      Git.tryRun(repo, "worktree", "prune");
      Path common = commonDir();
      trusted.snapshot(List.of(common.resolve("config"), common.resolve("info/attributes")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directories of the runner itself (repository, cache): never shown to an agent. */
  public List<Path> ownPaths() {
    return List.of(
        repo, worktrees.getParent(), Path.of(System.getProperty("user.home")).toAbsolutePath());
  }

  /**
   * Puts the shared repository's config back as it was at start; true when something had changed it
   * (an unsandboxed agent, or anything else). Runs before every job, under the repository lock.
   */
  public boolean restoreConfig() {
    return trusted.restore();
  }

  private Path commonDir() {
    Path dotGit = repo.resolve(".git");
    return Files.isDirectory(dotGit) ? dotGit : repo;
  }

  /** The main repository. */
  public Path repo() {
    return repo;
  }

  /** Whether the repository has an {@code origin} remote to fetch from and push to. */
  public boolean hasOrigin() {
    return Git.tryRun(repo, "remote", "get-url", "origin") != null;
  }

  /** Fetches the remote and returns the ref new work starts from. */
  public String freshBase() {
    // Slots share one repository: fetches, worktree changes and pushes take turns, or git's ref
    // and packed-refs locks make one of two concurrent jobs fail.
    synchronized (repoLock) {
      return fetchBase();
    }
  }

  private String fetchBase() {
    if (hasOrigin()) {
      Git.run(repo, "fetch", "--quiet", "--prune", "origin");
    }
    String base = source.baseBranch().orElse(null);
    if (hasOrigin()) {
      if (base == null) {
        String head = Git.tryRun(repo, "symbolic-ref", "--short", "refs/remotes/origin/HEAD");
        return head != null
            ? head
            : "origin/" + Git.run(repo, "symbolic-ref", "--short", "HEAD").strip();
      }
      return "origin/" + base;
    }
    return base != null ? base : Git.run(repo, "symbolic-ref", "--short", "HEAD").strip();
  }

  /**
   * Gets slot {@code slot} ready for {@code branch}: its existing branch when the issue runs again
   * (so the agent continues its own work), else a new branch from {@code base}.
   */
  public Path prepare(int slot, String branch, String base) {
    synchronized (repoLock) {
      restoreConfig();
      try {
        return checkout(slot, branch, base);
      } catch (Git.GitException | UncheckedIOException e) {
        // A slot left broken (a crash, a killed agent, files git cannot delete): rebuild it rather
        // than fail every job.
        LOG.warnf("Slot %d is in a bad state (%s); rebuilding it", slot, e.getMessage());
        Path dir = slotDir(slot);
        Git.tryRun(repo, "worktree", "remove", "--force", dir.toString());
        if (disks.isPresent()) {
          disks.get().rebuild(slotPrefix() + slot);
        } else {
          Trees.remove(dir, trash());
        }
        Git.tryRun(repo, "worktree", "prune");
        return checkout(slot, branch, base);
      }
    }
  }

  // On a slot disk the worktree is one directory of it, beside the run's home and /tmp.
  private Path slotDir(int slot) {
    String name = slotPrefix() + slot;
    return disks.map(d -> d.mount(name).resolve("wt")).orElse(worktrees.resolve(name));
  }

  /**
   * The root of the slot disk holding worktree {@code dir}, where the run's home and /tmp go so
   * that its disk budget covers them; empty without slot disks.
   */
  public Optional<Path> slotDisk(Path dir) {
    return disks.map(d -> dir.getParent());
  }

  private Path checkout(int slot, String branch, String base) {
    Path dir = slotDir(slot);
    if (!Files.exists(dir.resolve(".git"))) {
      Git.run(repo, "worktree", "add", "--quiet", "--detach", dir.toString(), base);
    }
    String start = base;
    if (hasOrigin()
        && Git.tryRun(repo, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/" + branch)
            != null) {
      start = "origin/" + branch;
    } else if (Git.tryRun(repo, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch)
        != null) {
      start = branch;
    }
    Git.run(dir, "checkout", "--quiet", "--force", "--no-track", "-B", branch, start);
    discard(dir);
    try {
      links.put(dir, Files.readAllBytes(dir.resolve(".git")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Drops uncommitted changes and untracked files. A repository the agent planted must be removed
   * before ({@link NestedRepositories#remove}): the job looks for them once, after the agent.
   */
  public void discard(Path dir) {
    Git.run(dir, "reset", "--quiet", "--hard");
    Git.run(dir, "clean", "-ffdxq");
  }

  /** Detaches the slot so its branch can be checked out by another slot later. */
  public void release(Path dir) {
    restoreLink(dir);
    discard(dir);
    Git.tryRun(dir, "checkout", "--quiet", "--detach");
  }

  /**
   * Puts the worktree's {@code .git} file back if the agent changed it; true when it had. Must run
   * before any git command after the agent: a link to a repository the agent made would have git
   * run that repository's config (core.fsmonitor, filters, diff.external…) as the runner.
   */
  public boolean restoreLink(Path dir) {
    byte[] link = links.get(dir);
    if (link == null) {
      return false; // not prepared by this runner
    }
    Path dotGit = dir.resolve(".git");
    try {
      if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)
          && Arrays.equals(Files.readAllBytes(dotGit), link)) {
        return false;
      }
      deleteTree(dotGit);
      Files.deleteIfExists(dotGit); // a dangling symlink
      Files.write(dotGit, link);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Pushes a slot's branch to the push remote (a fork when configured, else origin); one
   * repository-wide operation at a time (see {@link #freshBase}). Returns the pull request's head.
   */
  public String push(Path dir, String branch, String expected) {
    String remote = source.pushRemote();
    synchronized (repoLock) {
      Changes.push(dir, remote, branch, expected);
    }
    return Changes.head(dir, remote, branch);
  }

  private Path trash() {
    return worktrees.resolveSibling("trash");
  }

  /** Whether agent branches are pushed from this workspace. */
  public boolean pushes() {
    return source.pushes();
  }

  private String slotPrefix() {
    return runnerId.replaceAll("[^A-Za-z0-9_.-]", "_") + source.tag() + "-slot-";
  }

  private static void deleteTree(Path p) {
    Trees.delete(p);
  }
}
