package dev.autopilot.runner;

import dev.autopilot.runner.git.Changes;
import dev.autopilot.runner.git.Git;
import dev.autopilot.runner.git.ProtectedPaths;
import dev.autopilot.runner.git.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * What an agent leaves in a slot and what the next job must still do, as a {@code main} that a test
 * runs in this JVM or in a child JVM ({@link ChildJvm}). Throws (exit 1) when a check fails.
 */
public final class SlotScenarios {

  private SlotScenarios() {}

  public static void main(String[] args) throws Exception {
    Path tmp = Path.of(args[1]);
    switch (args[0]) {
      case "read-only" -> poisoned(tmp, SlotScenarios::readOnly, false);
      case "sealed-deep" ->
          poisoned(
              tmp,
              slot ->
                  deep(
                      slot,
                      "mkdir sealed && cd sealed" + " && echo x > f && cd .. && chmod 000 sealed"),
              true);
      case "user-filter" -> userFilter(tmp, Path.of(args[2]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** What the agent does to its worktree before its job ends. */
  interface Poison {
    void into(Path slot) throws Exception;
  }

  /**
   * A job's agent poisons its slot; the job's own clean-up cannot delete it; the next two jobs on
   * that slot still start, clean, on their branch.
   */
  static void poisoned(Path tmp, Poison poison, boolean movedAside) throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    Workspace ws = workspaceOn(repo, tmp.resolve("cache"));
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    poison.into(slot);
    try {
      ws.release(slot); // as Job does after every job: it logs a failure and goes on
    } catch (RuntimeException expected) {
      System.out.println(
          "release failed as expected: " + expected.getMessage().lines().findFirst().orElse(""));
    }
    for (int issue = 2; issue <= 3; issue++) {
      Path again = ws.prepare(1, "autopilot/issue-" + issue, base);
      check(again.equals(slot), "the same slot");
      check(
          Files.readString(again.resolve("README.md")).equals("base\n"), "the base branch's file");
      try (var left = Files.list(again)) {
        List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
        check(names.equals(List.of(".git", "README.md")), "nothing of the last job: " + names);
      }
      check(
          Git.run(again, "rev-parse", "--abbrev-ref", "HEAD")
              .strip()
              .equals("autopilot/issue-" + issue),
          "on its branch");
      ws.release(again);
    }
    Path trash = tmp.resolve("cache/trash");
    long aside = Files.isDirectory(trash) ? Files.list(trash).count() : 0;
    check(
        movedAside == (aside > 0),
        movedAside ? "moved aside, as nothing could delete it" : "deleted, not moved: " + aside);
  }

  /**
   * 30 levels of 200-character names (past PATH_MAX), made with relative steps as an agent's shell
   * can, then {@code more} at the bottom.
   */
  static void deep(Path slot, String more) throws Exception {
    String name = "d".repeat(200);
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "for i in $(seq 30); do mkdir "
                    + name
                    + " && cd "
                    + name
                    + " || exit 1; done; "
                    + more)
            .directory(slot.toFile())
            .inheritIO()
            .start();
    check(p.waitFor() == 0 && Files.isDirectory(slot.resolve(name)), "the deep tree");
  }

  /** Directories the agent made read-only, and one it made unreadable too. */
  static void readOnly(Path slot) throws Exception {
    Path inner = Files.createDirectories(slot.resolve("locked/inner"));
    Files.writeString(inner.resolve("f.txt"), "x\n");
    Files.writeString(slot.resolve("locked/g.txt"), "y\n");
    Path closed = Files.createDirectories(slot.resolve("closed/sub"));
    Files.writeString(closed.resolve("h.txt"), "z\n");
    Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(
        slot.resolve("locked"), PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(
        slot.resolve("closed"), PosixFilePermissions.fromString("r-x------"));
  }

  /**
   * A user's global git config defines a filter; the agent's .gitattributes asks for it on every
   * file. The runner's commit must not run it, and still commits as the runner's identity.
   */
  static void userFilter(Path tmp, Path marker) throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    Workspace ws = workspaceOn(repo, tmp.resolve("cache"));
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    Files.writeString(slot.resolve(".gitattributes"), "* filter=evil diff=evil\n");
    Files.writeString(slot.resolve("a.txt"), "change\n");
    check(!ProtectedPaths.changes(slot).isEmpty(), "changes seen");
    Changes.Committed c = Changes.commit(slot, base, "job", "Autopilot Bot", "bot@example.com");
    check(c.patch().contains("+change"), c.patch());
    check(
        Git.run(slot, "log", "-1", "--format=%an <%ae>")
            .strip()
            .equals("Autopilot Bot <bot@example.com>"),
        "the runner's identity");
    ws.release(slot);
    ws.release(ws.prepare(1, "autopilot/issue-1", base)); // checks the branch out again: smudge
    check(!Files.exists(marker), "the user's filter ran as the runner");
  }

  /** A repository with one commit on main, made once. */
  static Path repo(Path dir) throws Exception {
    if (Files.exists(dir.resolve(".git"))) {
      return dir;
    }
    Files.createDirectories(dir);
    git(dir, "init", "--quiet", "--initial-branch=main");
    Files.writeString(dir.resolve("README.md"), "base\n");
    git(dir, "add", ".");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base");
    return dir;
  }

  static Workspace workspaceOn(Path repo, Path cache) {
    Workspace ws =
        new Workspace(
            TestConfig.of(
                Map.of(
                    "autopilot.workdir", repo.toString(), "autopilot.cache-dir", cache.toString())),
            "test");
    ws.init();
    return ws;
  }

  /** git as a person runs it: their own config and all. */
  static String git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    check(p.waitFor() == 0, "git " + String.join(" ", args) + ": " + out);
    return out;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
