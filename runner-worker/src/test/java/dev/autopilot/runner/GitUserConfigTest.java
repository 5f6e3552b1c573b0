package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In local mode the runner's git runs in the user's account: the filter drivers of their git config
 * (git-lfs, nbstripout, anything) must not run on a .gitattributes the agent wrote.
 */
class GitUserConfigTest {

  @TempDir Path tmp;

  @Test
  void aFilterInTheUsersGlobalConfigNeverRunsOnTheAgentsAttributes() throws Exception {
    Path marker = tmp.resolve("global-filter-ran");
    Path home = Files.createDirectories(tmp.resolve("home"));
    String driver =
        "[filter \"evil\"]\n\tclean = touch "
            + marker
            + "\n\tsmudge = touch "
            + marker
            + "\n\trequired = true\n[diff \"evil\"]\n\ttextconv = touch "
            + marker
            + "\n";
    Files.writeString(home.resolve(".gitconfig"), driver);
    Path global = Files.writeString(tmp.resolve("global.gitconfig"), driver);
    // Both ways git finds a user's config: ~/.gitconfig and GIT_CONFIG_GLOBAL.
    for (Map<String, String> env :
        java.util.List.of(
            Map.of("HOME", home.toString()), Map.of("GIT_CONFIG_GLOBAL", global.toString()))) {
      Path run = Files.createTempDirectory(tmp, "run");
      ChildJvm.run(
          tmp, env, false, SlotScenarios.class, "user-filter", run.toString(), marker.toString());
      assertFalse(Files.exists(marker), "the user's filter ran as the runner with " + env);
    }
  }

  @Test
  void aFilterInTheRepositorysOwnConfigNeverRunsOnTheAgentsAttributes() throws Exception {
    Path marker = tmp.resolve("repository-filter-ran");
    Path repo = SlotScenarios.repo(tmp.resolve("run/repo"));
    // What `nbstripout --install` and `git lfs install --local` do: a driver in .git/config.
    SlotScenarios.git(repo, "config", "filter.evil.clean", "touch " + marker);
    SlotScenarios.git(repo, "config", "filter.evil.smudge", "touch " + marker);
    SlotScenarios.git(repo, "config", "filter.evil.process", "touch " + marker);
    SlotScenarios.git(repo, "config", "filter.evil.required", "true");
    SlotScenarios.userFilter(tmp.resolve("run"), marker);
    assertFalse(Files.exists(marker));
  }
}
