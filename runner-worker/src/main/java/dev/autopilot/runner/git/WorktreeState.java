package dev.autopilot.runner.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** What the runner reads of a worktree around the agent's run, whichever repository it is of. */
public final class WorktreeState {

  private static final int GUIDANCE_MAX_CHARS = 64 * 1024;

  private WorktreeState() {}

  /**
   * A fingerprint of what the agent must not change: this worktree's HEAD (the branch it points to
   * and its commit) and the repository and worktree config. Other refs are left out: the other
   * slots fetch, commit and push meanwhile, and the agent cannot reach them from its worktree.
   */
  public static String fingerprint(Path dir) {
    try {
      String head = Git.run(dir, "rev-parse", "HEAD");
      String branch = Objects.requireNonNullElse(Git.tryRun(dir, "symbolic-ref", "-q", "HEAD"), "");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(head.getBytes(StandardCharsets.UTF_8));
      sha.update(branch.getBytes(StandardCharsets.UTF_8));
      for (String which : List.of("--git-common-dir", "--git-dir")) {
        Path gitDir = Path.of(Git.run(dir, "rev-parse", which).strip());
        Path abs = gitDir.isAbsolute() ? gitDir : dir.resolve(gitDir);
        for (String name : List.of("config", "config.worktree")) {
          Path file = abs.resolve(name);
          sha.update(name.getBytes(StandardCharsets.UTF_8));
          sha.update(Files.exists(file) ? Files.readAllBytes(file) : new byte[0]);
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The repository's guidance file as committed on the base branch, capped at 64 KiB; null when
   * absent. Never read from the worktree: on a re-run the agent's own earlier commit (steered by
   * issue text) could have rewritten it or made it a symlink to the runner's secrets.
   */
  public static String guidance(Path dir, String base, String file) {
    String text = Git.tryRun(dir, "show", base + ":" + file);
    if (text == null || text.isBlank()) {
      return null;
    }
    return text.length() > GUIDANCE_MAX_CHARS ? text.substring(0, GUIDANCE_MAX_CHARS) : text;
  }
}
