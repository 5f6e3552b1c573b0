package dev.autopilot.runner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectedPathsTest {

  private static final ProtectedPaths DEFAULTS =
      new ProtectedPaths(List.of(".github/workflows/**", ".gitlab-ci.yml", "Jenkinsfile"));

  @Test
  void matchesCiFilesAndTheirDirectoryButNotLookAlikes() {
    assertTrue(DEFAULTS.isProtected(".github/workflows/ci.yml"));
    assertTrue(DEFAULTS.isProtected(".github/workflows/nested/x.yaml"));
    assertTrue(DEFAULTS.isProtected(".github/workflows"), "replaced by a file or symlink");
    assertTrue(DEFAULTS.isProtected(".gitlab-ci.yml"));
    assertFalse(DEFAULTS.isProtected("docs/.gitlab-ci.yml"));
    assertFalse(DEFAULTS.isProtected(".github/CODEOWNERS"));
    assertFalse(DEFAULTS.isProtected("src/Jenkinsfile.md"));
  }

  @Test
  void findsNewModifiedAndDeletedProtectedFilesInAWorktree(@TempDir Path dir) throws Exception {
    Git.run(dir, "init", "--quiet");
    Files.writeString(dir.resolve("Jenkinsfile"), "pipeline {}\n");
    Files.writeString(dir.resolve(".gitlab-ci.yml"), "test: {}\n");
    Files.writeString(dir.resolve("README.md"), "hi\n");
    Git.run(dir, "add", "--all");
    Git.run(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "base");
    assertEquals(List.of(), DEFAULTS.touchedIn(dir));

    Files.writeString(dir.resolve("README.md"), "changed\n");
    assertEquals(List.of(), DEFAULTS.touchedIn(dir), "ordinary edits pass");

    Files.writeString(dir.resolve("Jenkinsfile"), "pipeline { evil }\n");
    Files.delete(dir.resolve(".gitlab-ci.yml"));
    Files.createDirectories(dir.resolve(".github/workflows"));
    Files.writeString(dir.resolve(".github/workflows/my file.yml"), "on: push\n");
    assertEquals(
        List.of(".gitlab-ci.yml", "Jenkinsfile", ".github/workflows/my file.yml"),
        DEFAULTS.touchedIn(dir));
    assertEquals(List.of(), new ProtectedPaths(List.of("none")).touchedIn(dir));
  }

  @Test
  void aNestedRepositoryIsRefusedWhateverTheGlobs(@TempDir Path dir) throws Exception {
    Git.run(dir, "init", "--quiet");
    Git.run(dir, "init", "--quiet", "vendor/lib");
    Files.writeString(dir.resolve("vendor/lib/x.txt"), "x\n");
    Files.createDirectories(dir.resolve("linked"));
    Files.writeString(dir.resolve("linked/.git"), "gitdir: ../vendor/lib/.git\n");
    Files.writeString(dir.resolve("plain.txt"), "fine\n");
    assertEquals(
        List.of("linked/ (a nested git repository)", "vendor/lib/ (a nested git repository)"),
        new ProtectedPaths(List.of("none")).touchedIn(dir));
  }
}
