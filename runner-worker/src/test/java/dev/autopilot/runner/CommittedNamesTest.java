package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.contract.HiddenText;
import dev.autopilot.runner.git.Changes;
import dev.autopilot.runner.git.Git;
import dev.autopilot.runner.git.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The patch and stat a reviewer reads name every file as committed: characters nobody sees and
 * bytes that are not UTF-8 are written out, never dropped, and no name is abbreviated.
 */
class CommittedNamesTest {

  @TempDir Path tmp;

  @Test
  void bidiZeroWidthControlAndNonUtf8NamesAreShownAsCommitted() throws Exception {
    Path repo = SlotScenarios.repo(tmp.resolve("repo"));
    Workspace ws = SlotScenarios.workspaceOn(repo, tmp.resolve("cache"));
    String base = ws.freshBase();
    Path slot = ws.prepare(1, "autopilot/issue-1", base);
    Files.writeString(slot.resolve("invoice\u202Etxt.exe"), "a\n");
    Files.writeString(slot.resolve("read\u200Bme.md"), "b\n");
    Files.writeString(slot.resolve("tab\tname"), "c\n");
    String deep = "dir-".repeat(30) + "/file.txt";
    Files.createDirectories(slot.resolve(deep).getParent());
    Files.writeString(slot.resolve(deep), "d\n");
    // A name with a byte that is not UTF-8, as the agent's shell can make one.
    Process p =
        new ProcessBuilder("bash", "-c", "printf 'e\\n' > $'bad\\xffname.txt'")
            .directory(slot.toFile())
            .start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);

    Changes.Committed c = Changes.commit(slot, base, "job", "Autopilot", "a@b");
    for (String shown :
        new String[] {"invoice<U+202E>txt.exe", "read<U+200B>me.md", "bad<0xFF>name.txt", deep}) {
      assertTrue(c.patch().contains("diff --git a/" + shown + " b/" + shown), c.patch());
      assertTrue(c.diffStat().contains(" " + shown + " "), c.diffStat());
    }
    assertTrue(c.patch().contains("\"a/tab\\tname\""), "git's own quoting: " + c.patch());
    assertFalse(HiddenText.hasUnseen(c.patch() + c.diffStat()), "nothing left unseen");
    assertFalse(c.diffStat().contains("..."), "no abbreviated name: " + c.diffStat());
    assertEquals(
        "invoice\u202Etxt.exe",
        Git.run(slot, "-c", "core.quotepath=false", "ls-files", "invoice*").strip(),
        "the committed name itself is unchanged");
  }
}
