package dev.autopilot.runner.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.SandboxTools;
import dev.autopilot.runner.TestConfig;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's kernel surface and caps, tried from inside with plain commands: no nested user
 * namespaces, no io_uring, a process cap, a memory cap, a sized /tmp, and reads only from the
 * allow-list (a secret under /opt and a root-only file under /etc stay out of sight).
 */
class SandboxLimitsTest {

  static final String ID = UUID.randomUUID().toString().substring(0, 8);
  static Vertx vertx;
  static AgentSandbox sandbox;
  static Path optSecret;
  static Path rootOnly;
  static Path rootOnlyUsr;
  @TempDir static Path tmp;

  @BeforeAll
  static void open() throws Exception {
    SandboxTools.ensureInstalled();
    optSecret = Path.of("/opt/autopilot-secret-" + ID);
    Files.createDirectories(optSecret);
    Files.writeString(optSecret.resolve("token"), "opt-secret-" + ID);
    rootOnly = Path.of("/etc/autopilot-root-only-" + ID);
    Files.writeString(rootOnly, "private-content-" + ID);
    Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
    // Under a directory the agent may read: only its file mode keeps it from the agent.
    rootOnlyUsr = Path.of("/usr/local/share/autopilot-root-only-" + ID);
    Files.writeString(rootOnlyUsr, "private-usr-" + ID);
    Files.setPosixFilePermissions(rootOnlyUsr, PosixFilePermissions.fromString("rw-------"));
    vertx = Vertx.vertx();
    sandbox =
        AgentSandbox.open(
            TestConfig.of(
                Map.of(
                    "autopilot.cache-dir", tmp.resolve("cache").toString(),
                    "autopilot.agent.max-processes", "64",
                    "autopilot.agent.memory-mib", "160",
                    "autopilot.agent.tmp-mib", "16")),
            vertx,
            List.of(tmp.resolve("cache")));
  }

  @AfterAll
  static void close() throws Exception {
    sandbox.close();
    vertx.close();
    Files.deleteIfExists(optSecret.resolve("token"));
    Files.deleteIfExists(optSecret);
    Files.deleteIfExists(rootOnly);
    Files.deleteIfExists(rootOnlyUsr);
  }

  @Test
  void nestedUserNamespacesAndIoUringAreRefused() throws Exception {
    Result r =
        run(
            "unshare -U true && echo NESTED-USERNS; unshare -n true && echo NESTED-NETNS;"
                + " perl -e 'my $r = syscall(425, 1, 0); print \"io_uring $r $!\\n\"';"
                + " perl -e 'my $r = syscall(101, 16, 1, 0, 0); print \"ptrace $r $!\\n\"';"
                + " grep Seccomp: /proc/self/status");
    assertFalse(r.out.contains("NESTED-USERNS"), r.out);
    assertFalse(r.out.contains("NESTED-NETNS"), r.out);
    assertTrue(r.out.contains("io_uring -1 Function not implemented"), r.out);
    assertTrue(r.out.contains("ptrace -1 Operation not permitted"), r.out);
    assertTrue(r.out.matches("(?s).*Seccomp:\\s+2.*"), r.out);
  }

  @Test
  void aForkBombStopsAtTheProcessCapAndTheHostIsFine() throws Exception {
    Result r =
        run(
            "i=0; while [ $i -lt 2000 ]; do sleep 30 & i=$((i+1)); done 2>/dev/null;"
                + " echo started $i");
    // dash gives up at the first fork the cap refuses; it never gets near 2,000.
    assertFalse(r.out.contains("started 2000"), r.out);
    assertTrue(r.breach != null && r.breach.contains("process cap"), r.toString());
  }

  @Test
  void aRunOverItsMemoryCapIsKilledWithAReason() throws Exception {
    Result r = run("perl -e '$x = q(a) x (400 * 1024 * 1024); print qq(ALIVE\\n)'; echo after");
    assertFalse(r.out.contains("ALIVE"), r.out);
    assertTrue(r.breach != null && r.breach.contains("memory cap"), r.toString());
  }

  @Test
  void tmpHasItsOwnSize() throws Exception {
    Result r = run("dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1; du -m /tmp/fill");
    assertTrue(r.out.contains("No space left on device"), r.out);
    assertTrue(r.out.contains("16\t/tmp/fill"), r.out);
  }

  @Test
  void readsAreAnAllowList() throws Exception {
    Result r =
        run(
            "cat "
                + optSecret.resolve("token")
                + " "
                + rootOnly
                + " /etc/shadow 2>&1; ls /etc | tr '\\n' ' '; echo; ls /opt 2>&1;"
                + " cat /etc/passwd | head -1");
    assertFalse(r.out.contains("opt-secret-" + ID), r.out);
    assertFalse(r.out.contains("private-content-" + ID), r.out);
    assertTrue(r.out.contains("root:x:0:0"), "named /etc files stay readable: " + r.out);
    assertTrue(r.out.contains("cat: " + rootOnly + ": No such file or directory"), r.out);
  }

  @Test
  void aRootRunnersAgentIsAnUnprivilegedHostUidAndOwnsNoneOfRootsFiles() throws Exception {
    Result r =
        run(
            "grep -E '^(Uid|CapEff|CapPrm|NoNewPrivs)' /proc/self/status; cat "
                + rootOnlyUsr
                + " 2>&1; echo x > in-worktree && echo WORKTREE-WRITABLE;"
                + " echo x > /tmp/t && echo TMP-WRITABLE; echo x > $HOME/h && echo HOME-WRITABLE");
    assertFalse(r.out.contains("private-usr-" + ID), r.out);
    assertTrue(r.out.contains("Permission denied"), r.out);
    assertTrue(r.out.matches("(?s).*CapEff:\\s+0+\\s.*"), r.out);
    assertTrue(r.out.matches("(?s).*NoNewPrivs:\\s+1.*"), r.out);
    for (String writable : List.of("WORKTREE", "TMP", "HOME")) {
      assertTrue(r.out.contains(writable + "-WRITABLE"), r.out);
    }
    if (HostTasks.uid() == 0) {
      assertTrue(r.out.contains("Uid:\t65534\t65534\t65534\t65534"), r.out);
    }
  }

  @Test
  void theProcessCapWithoutACgroupSitsOnTopOfWhatTheUidAlreadyRuns() {
    // RLIMIT_NPROC counts every task of the host uid: this JVM's threads are among them.
    int threads = Thread.getAllStackTraces().size();
    assertTrue(HostTasks.of(HostTasks.uid()) >= threads, "at least this JVM's " + threads);
    assertTrue(HostTasks.uid() >= 0);
  }

  record Result(String out, String breach) {}

  private Result run(String script) throws Exception {
    Path worktree = Files.createDirectories(tmp.resolve("wt-" + UUID.randomUUID()));
    Path home = Files.createDirectories(tmp.resolve("home-" + UUID.randomUUID()));
    Sandbox.Launch launch =
        sandbox
            .sandbox()
            .wrap(
                List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()),
                new Sandbox.Run(
                    worktree, home, Path.of("/bin/sh"), Sandbox.ModelApi.NONE, c -> {}));
    String out;
    try (AutoCloseable lease = launch.lease()) {
      ProcessBuilder pb = new ProcessBuilder(launch.command()).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(launch.environment());
      Process p = pb.directory(worktree.toFile()).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }
    return new Result(out, launch.stopped().get());
  }
}
