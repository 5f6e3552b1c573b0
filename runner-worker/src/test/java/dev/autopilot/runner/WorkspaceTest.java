package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.git.Changes;
import dev.autopilot.runner.git.Git;
import dev.autopilot.runner.git.Workspace;
import dev.autopilot.runner.git.WorktreeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-slot worktrees are reused; nothing of one issue may leak into the next (real git). */
class WorkspaceTest {

  @TempDir Path tmp;

  @Test
  void aReusedSlotStartsEveryIssueClean() throws Exception {
    Path repo = repo("repo");
    Files.writeString(repo.resolve(".gitignore"), "build/\n");
    commit(repo, "README.md", "base\n");
    Workspace ws = workspaceOn(repo);
    String base = ws.freshBase();
    assertEquals("main", base);

    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    Files.writeString(slot.resolve("README.md"), "edited by issue 1\n");
    Files.writeString(slot.resolve("feature-1.txt"), "one\n");
    Changes.commit(slot, base, "issue 1", "Autopilot", "a@b");
    Files.writeString(slot.resolve("untracked.txt"), "left behind\n");
    Files.createDirectories(slot.resolve("build"));
    Files.writeString(slot.resolve("build/ignored.bin"), "ignored\n");
    Files.writeString(slot.resolve("README.md"), "uncommitted edit\n");
    ws.release(slot);

    Path again = ws.prepare(1, "autopilot/issue-2", base);
    assertEquals(slot, again);
    assertEquals("base\n", Files.readString(again.resolve("README.md")));
    assertFalse(Files.exists(again.resolve("feature-1.txt")), "committed work of another issue");
    assertFalse(Files.exists(again.resolve("untracked.txt")), "untracked file");
    assertFalse(Files.exists(again.resolve("build/ignored.bin")), "ignored file");
    assertEquals("autopilot/issue-2", Git.run(again, "rev-parse", "--abbrev-ref", "HEAD").strip());
    ws.release(again);

    // A re-run continues from the issue's own branch, on any slot.
    Path other = ws.prepare(2, "autopilot/issue-1", base);
    assertEquals("edited by issue 1\n", Files.readString(other.resolve("README.md")));
    assertTrue(Files.exists(other.resolve("feature-1.txt")));
  }

  @Test
  void withARepoUrlItClonesOnceAndEveryJobStartsFromTheFreshlyFetchedBaseBranch() throws Exception {
    Path origin = tmp.resolve("origin.git");
    StackResource.git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", origin.toString());
    Path dev = tmp.resolve("dev");
    StackResource.git(tmp, "clone", "--quiet", origin.toString(), dev.toString());
    commit(dev, "README.md", "main\n");
    StackResource.git(dev, "push", "--quiet", "origin", "HEAD:main");
    StackResource.git(dev, "checkout", "--quiet", "-b", "develop");
    commit(dev, "README.md", "develop 1\n");
    StackResource.git(dev, "push", "--quiet", "origin", "develop");

    Map<String, String> settings =
        Map.of(
            "autopilot.repo-url", origin.toString(),
            "autopilot.base-branch", "develop",
            "autopilot.cache-dir", tmp.resolve("cache").toString());
    Workspace ws = new Workspace(TestConfig.of(settings), "r");
    ws.init();
    assertEquals(tmp.resolve("cache/repo"), ws.repo());
    String base = ws.freshBase();
    assertEquals("origin/develop", base);
    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    assertEquals("develop 1\n", Files.readString(slot.resolve("README.md")));
    ws.release(slot);

    // Someone pushes to the base branch: the next job starts from it, without a new clone.
    commit(dev, "README.md", "develop 2\n");
    StackResource.git(dev, "push", "--quiet", "origin", "develop");
    Workspace restarted = new Workspace(TestConfig.of(settings), "r");
    restarted.init();
    Path again = restarted.prepare(1, "autopilot/issue-2", restarted.freshBase());
    assertEquals("develop 2\n", Files.readString(again.resolve("README.md")));
    assertEquals(
        null,
        Git.tryRun(again, "config", "--get-regexp", "^branch\\.autopilot/"),
        "no tracking config: parallel slots would see the shared config change");
  }

  @Test
  void guidanceComesFromTheBaseBranchNeverFromTheAgentsWorktree() throws Exception {
    Path repo = repo("guided");
    commit(repo, "AUTOPILOT.md", "Use tabs.\n");
    Path secret = Files.writeString(tmp.resolve("runner-secret.properties"), "token=s3cret\n");
    Workspace ws = workspaceOn(repo);
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    assertEquals("Use tabs.", WorktreeState.guidance(slot, base, "AUTOPILOT.md"));

    // An earlier run made the file a symlink to the runner's secrets and committed it.
    Files.delete(slot.resolve("AUTOPILOT.md"));
    Files.createSymbolicLink(slot.resolve("AUTOPILOT.md"), secret);
    Changes.commit(slot, base, "sneaky", "Autopilot", "a@b");
    ws.release(slot);
    Path rerun = ws.prepare(1, "autopilot/issue-1", base);
    assertTrue(Files.isSymbolicLink(rerun.resolve("AUTOPILOT.md")));
    assertEquals("Use tabs.", WorktreeState.guidance(rerun, base, "AUTOPILOT.md"));
    assertEquals(null, WorktreeState.guidance(rerun, base, "MISSING.md"));
  }

  @Test
  void aPoisonedSharedConfigIsRestoredBeforeTheNextJobAndRunsNothing() throws Exception {
    Path repo = repo("poisoned");
    commit(repo, "README.md", "base\n");
    Workspace ws = workspaceOn(repo);
    String base = ws.freshBase();
    ws.release(ws.prepare(1, "autopilot/issue-1", base));
    Path config = repo.resolve(".git/config");
    String trusted = Files.readString(config);

    // Between two jobs, something (an unsandboxed agent) plants commands in the shared config.
    Path ran = tmp.resolve("planted-command-ran");
    String touch = "touch " + ran;
    Files.writeString(
        config,
        trusted
            + "[core]\n\tfsmonitor = "
            + touch
            + "\n\tsshCommand = "
            + touch
            + "\n[diff]\n\texternal = "
            + touch
            + "\n[diff \"x\"]\n\ttextconv = "
            + touch
            + "\n[filter \"x\"]\n\tclean = "
            + touch
            + "\n\tsmudge = "
            + touch
            + "\n");
    Path slot = ws.prepare(1, "autopilot/issue-2", base);
    assertEquals(trusted, Files.readString(config), "restored before the job");
    String state = WorktreeState.fingerprint(slot);

    // The next job's git, on content that asks for those drivers, runs none of them.
    Files.writeString(slot.resolve(".gitattributes"), "* filter=x diff=x\n");
    Files.writeString(slot.resolve("a.txt"), "change\n");
    assertTrue(!dev.autopilot.runner.git.ProtectedPaths.changes(slot).isEmpty());
    Changes.Committed c = Changes.commit(slot, base, "job", "Autopilot", "a@b");
    assertTrue(c.patch().contains("+change"), c.patch());
    assertFalse(Files.exists(ran), "a planted command ran as the runner");
    assertFalse(ws.restoreConfig(), "nothing to restore");
    assertEquals(state.length(), WorktreeState.fingerprint(slot).length());
  }

  @Test
  void pathsOutsideAsciiReadAsUtf8InThePatchAndTheStat() throws Exception {
    Path repo = repo("utf8");
    commit(repo, "README.md", "base\n");
    Workspace ws = workspaceOn(repo);
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-3", base);
    Files.createDirectories(slot.resolve("dir with space"));
    Files.writeString(slot.resolve("dir with space/über-größe.txt"), "ä\n");
    Changes.Committed c = Changes.commit(slot, base, "job", "Autopilot", "a@b");
    assertTrue(c.patch().contains("b/dir with space/über-größe.txt"), c.patch());
    assertTrue(c.diffStat().contains("über-größe.txt"), c.diffStat());
    assertFalse(c.patch().contains("\\303"), c.patch());
    ws.release(slot);
  }

  @Test
  void linksOutOfTheWorktreeAndHardLinksAreRefused() throws Exception {
    Path repo = repo("links");
    commit(repo, "README.md", "base\n");
    Workspace ws = workspaceOn(repo);
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    Path secret = Files.writeString(tmp.resolve("secret.properties"), "token=s3cret\n");
    Files.createSymbolicLink(slot.resolve("out.txt"), secret);
    Files.createSymbolicLink(slot.resolve("in.txt"), Path.of("README.md"));
    Files.createLink(slot.resolve("hard.txt"), secret);
    var touched =
        new dev.autopilot.runner.git.ProtectedPaths(java.util.List.of("none")).touchedIn(slot);
    assertEquals(
        java.util.List.of("hard.txt (a hard link)", "out.txt (a link outside the worktree)"),
        touched.stream().sorted().toList());
    Files.write(slot.resolve("big.bin"), new byte[2 * 1024 * 1024]);
    assertEquals(
        java.util.List.of("big.bin (2 MiB)"),
        dev.autopilot.runner.git.ProtectedPaths.oversized(slot, 1024 * 1024));
  }

  @Test
  void withAPushRemoteTheBranchGoesToTheForkAndThePullRequestHeadNamesItsOwner() throws Exception {
    Path origin = tmp.resolve("upstream.git");
    Path fork = tmp.resolve("fork.git");
    StackResource.git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", origin.toString());
    StackResource.git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", fork.toString());
    Path dev = tmp.resolve("clone");
    StackResource.git(tmp, "clone", "--quiet", origin.toString(), dev.toString());
    commit(dev, "README.md", "main\n");
    StackResource.git(dev, "push", "--quiet", "origin", "HEAD:main");
    Workspace ws =
        new Workspace(
            TestConfig.of(
                Map.of(
                    "autopilot.workdir", dev.toString(),
                    "autopilot.push-remote", fork.toString(),
                    "autopilot.cache-dir", tmp.resolve("cache").toString())),
            "test");
    ws.init();
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    Files.writeString(slot.resolve("a.txt"), "a\n");
    Changes.commit(slot, base, "one", "Autopilot", "a@b");
    String head = ws.push(slot, "autopilot/issue-1", null);
    assertEquals("autopilot/issue-1", head, "a local fork has no GitHub owner");
    assertFalse(StackResource.git(fork, "branch", "--list").isBlank(), "pushed to the fork");
    assertTrue(
        StackResource.git(origin, "branch", "--list", "autopilot/*").isBlank(), "not upstream");
    assertEquals(
        "someone:autopilot/issue-1",
        Changes.head(slot, "git@github.com:someone/app.git", "autopilot/issue-1"));
    assertEquals(
        "someone:autopilot/issue-1",
        Changes.head(slot, "https://github.com/someone/app", "autopilot/issue-1"));
    assertEquals("autopilot/issue-1", Changes.head(slot, "origin", "autopilot/issue-1"));
  }

  @Test
  void aRepositoryPlantedInASubmodulesPathIsFoundAndRemovedBeforeGitLooksAtIt() throws Exception {
    Path repo = repo("with-submodule");
    commit(repo, "README.md", "base\n");
    String sha = StackResource.git(repo, "rev-parse", "HEAD").strip();
    StackResource.git(repo, "update-index", "--add", "--cacheinfo", "160000," + sha + ",lib");
    StackResource.git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sub");
    Workspace ws = workspaceOn(repo);
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-1", base);

    // The agent makes the submodule's path a repository whose config runs a command.
    Path ran = tmp.resolve("submodule-filter-ran");
    Files.createDirectories(slot.resolve("lib"));
    StackResource.git(slot.resolve("lib"), "init", "-q");
    StackResource.git(slot.resolve("lib"), "config", "filter.pwn.clean", "touch " + ran);
    StackResource.git(slot.resolve("lib"), "config", "core.fsmonitor", "touch " + ran);
    Files.writeString(slot.resolve("lib/.gitattributes"), "* filter=pwn\n");
    Files.writeString(slot.resolve("lib/x.txt"), "x\n");
    Files.createDirectories(slot.resolve("deep/er"));
    StackResource.git(slot.resolve("deep/er"), "init", "-q");

    java.util.List<String> found = dev.autopilot.runner.git.NestedRepositories.in(slot);
    assertEquals(java.util.List.of("deep/er/.git", "lib/.git"), found.stream().sorted().toList());
    // Even were one missed, the runner's git never descends into submodules.
    dev.autopilot.runner.git.ProtectedPaths.changes(slot);
    assertFalse(Files.exists(ran), "the planted repository's command ran as the runner");
    dev.autopilot.runner.git.NestedRepositories.remove(slot, found); // as the job does
    ws.discard(slot);
    assertEquals(java.util.List.of(), dev.autopilot.runner.git.NestedRepositories.in(slot));
    assertFalse(Files.exists(ran));
  }

  private Path repo(String name) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve(name));
    StackResource.git(repo, "init", "--quiet", "--initial-branch=main");
    return repo;
  }

  /** A started workspace on an existing clone (AUTOPILOT_WORKDIR). */
  private Workspace workspaceOn(Path repo) {
    Workspace ws =
        new Workspace(
            TestConfig.of(
                Map.of(
                    "autopilot.workdir", repo.toString(),
                    "autopilot.cache-dir", tmp.resolve("cache").toString())),
            "test");
    ws.init();
    return ws;
  }

  private static void commit(Path dir, String file, String content) throws Exception {
    Files.writeString(dir.resolve(file), content);
    StackResource.git(dir, "add", ".");
    StackResource.git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", content);
  }
}
