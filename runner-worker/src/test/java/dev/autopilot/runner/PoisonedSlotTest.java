package dev.autopilot.runner;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slot holding files the runner cannot delete the usual way is rebuilt, never failed job after
 * job (real git, real file permissions).
 */
class PoisonedSlotTest {

  @TempDir Path tmp;

  @Test
  void directoriesTheAgentMadeReadOnlyOrUnreadableAreDeletedAndTheSlotWorks() throws Exception {
    // As root, permissions bind nobody: the scenario runs without root's DAC override then.
    ChildJvm.run(tmp, Map.of(), true, SlotScenarios.class, "read-only", tmp.toString());
  }

  @Test
  void aPathDeeperThanPathMaxIsDeletedAndTheSlotWorks() throws Exception {
    SlotScenarios.poisoned(
        tmp, slot -> SlotScenarios.deep(slot, "echo deep > file.txt && chmod 555 ."), false);
  }

  @Test
  void whatNothingCanDeleteIsMovedAsideAndTheSlotWorks() throws Exception {
    // Unreadable beyond PATH_MAX: no relative call can open it, no path can name it.
    try {
      ChildJvm.run(tmp, Map.of(), true, SlotScenarios.class, "sealed-deep", tmp.toString());
    } finally {
      // What the runner moved aside, so that @TempDir can delete the rest (coreutils walk deep).
      new ProcessBuilder("bash", "-c", "chmod -R u+rwx trash; rm -rf trash")
          .directory(tmp.resolve("cache").toFile())
          .inheritIO()
          .start()
          .waitFor();
    }
  }
}
