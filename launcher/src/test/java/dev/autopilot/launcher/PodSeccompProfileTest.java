package dev.autopilot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner pod's seccomp profile in step with the filter the runner puts on every sandbox ({@code
 * SeccompFilter}): the pod refuses, for the runner itself too, every call that filter refuses,
 * except the ones bubblewrap makes to build the sandbox.
 */
class PodSeccompProfileTest {

  /** What bubblewrap calls to build a sandbox, refused again inside it by the runner's filter. */
  private static final Set<String> BWRAP =
      Set.of("clone", "clone3", "unshare", "setns", "mount", "umount2", "pivot_root");

  private static final Path PROFILE =
      Path.of("..", "deploy", "seccomp", "autopilot-runner-bwrap.json");
  private static final Path FILTER =
      Path.of(
          "..",
          "runner-worker",
          "src",
          "main",
          "java",
          "dev",
          "autopilot",
          "runner",
          "sandbox",
          "SeccompFilter.java");

  /** Every name some rule allows, with or without argument conditions. */
  static final Set<String> allowedAtAll = new TreeSet<>();

  /** Names allowed whatever their arguments. */
  static final Set<String> allowed = new TreeSet<>();

  @BeforeAll
  static void read() throws IOException {
    JsonNode profile = new ObjectMapper().readTree(PROFILE.toFile());
    assertEquals("SCMP_ACT_ERRNO", profile.path("defaultAction").asText(), "an allow-list");
    for (JsonNode rule : profile.path("syscalls")) {
      if (rule.path("action").asText().equals("SCMP_ACT_ALLOW")) {
        rule.path("names").forEach(n -> allowedAtAll.add(n.asText()));
        if (rule.path("args").isEmpty()) {
          rule.path("names").forEach(n -> allowed.add(n.asText()));
        }
      }
    }
  }

  @Test
  void thePodRefusesTheKernelSurfaceNobodyInItNeeds() {
    List<String> never =
        List.of(
            "io_uring_setup",
            "io_uring_enter",
            "io_uring_register",
            "bpf",
            "perf_event_open",
            "userfaultfd",
            "kexec_load",
            "kexec_file_load",
            "init_module",
            "finit_module",
            "delete_module",
            "keyctl",
            "add_key",
            "request_key",
            "ptrace",
            "process_vm_readv",
            "process_vm_writev");
    for (String call : never) {
      assertFalse(allowedAtAll.contains(call), "the runner pod refuses " + call);
    }
  }

  @Test
  void bubblewrapStillGetsWhatItBuildsTheSandboxWith() {
    for (String call :
        List.of(
            "clone",
            "clone3",
            "unshare",
            "mount",
            "umount2",
            "pivot_root",
            "chroot",
            "sethostname",
            "seccomp",
            "prctl")) {
      // prctl and seccomp(2) install the runner's filter; the rest make the namespaces and root.
      assertTrue(allowed.contains(call), "bubblewrap needs " + call);
    }
  }

  @Test
  void everyCallTheSandboxFilterRefusesThePodRefusesUnlessBubblewrapNeedsIt() throws IOException {
    Matcher calls =
        Pattern.compile("Map\\.entry\\(\"([a-z0-9_]+)\"").matcher(Files.readString(FILTER));
    Set<String> refusedInside = new TreeSet<>();
    while (calls.find()) {
      refusedInside.add(calls.group(1));
    }
    assertTrue(refusedInside.size() >= 30, "read the filter's table: " + refusedInside);
    Set<String> openInThePod = new TreeSet<>(refusedInside);
    openInThePod.retainAll(allowedAtAll);
    openInThePod.removeAll(BWRAP);
    assertEquals(Set.of(), openInThePod, "refused in the sandbox, so refuse them in the pod");
  }
}
