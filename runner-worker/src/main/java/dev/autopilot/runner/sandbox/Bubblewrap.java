package dev.autopilot.runner.sandbox;

import dev.autopilot.runner.Executables;
import dev.autopilot.runner.RunnerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Every agent process tree in a bubblewrap sandbox made for its run: new user, PID, network, IPC
 * and UTS namespaces; the system directories read-only; its worktree (never the {@code .git} link)
 * and its own home writable; nothing else of the runner visible. It has no network but a Unix
 * socket to the runner's {@link EgressGateway}, bridged to a loopback port by socat inside. It dies
 * with the runner ({@code --die-with-parent}), and everything in it dies with its main process (the
 * PID namespace ends).
 */
public final class Bubblewrap implements Sandbox {

  private static final Logger LOG = Logger.getLogger(Bubblewrap.class);

  // Joins the run's cgroups, then starts the rest with the seccomp filter open as fd 9. The
  // script is fixed: every path and argument reaches it as a positional parameter.
  private static final String JOIN =
      "f=$0; while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift;"
          + " exec \"$@\" 9<\"$f\"";

  /** The egress socket's path inside every sandbox. */
  static final String SOCKET = "/run/autopilot/egress.sock";

  /** The loopback port inside the sandbox where socat listens for the gateway. */
  static final int PORT = 3128;

  private final RunnerConfig config;
  private final EgressGateway gateway;
  private final Path socket;
  private final String bwrap;
  private final String socat;
  private final String prlimit;
  private final List<Path> hidden;
  private final Path seccomp;
  private final Optional<Cgroups> cgroups;
  private final AgentUser user;

  /**
   * @param socket the host side of the egress socket, served by {@code gateway}'s bridge
   * @param runnerPaths the runner's own directories (home, cache, repository) to hide should a read
   *     path contain them
   * @param seccomp the file holding the {@link SeccompFilter} program
   * @param cgroups where per-run process and memory caps go; empty: RLIMIT_NPROC only
   */
  public Bubblewrap(
      RunnerConfig config,
      EgressGateway gateway,
      Path socket,
      List<Path> runnerPaths,
      Path seccomp,
      Optional<Cgroups> cgroups) {
    this.config = config;
    this.gateway = gateway;
    this.socket = socket;
    this.seccomp = seccomp;
    this.cgroups = cgroups;
    this.user = AgentUser.of(HostTasks.uid(), config.agent().uid());
    this.bwrap =
        Executables.resolve(config.bwrapBin()).map(Path::toString).orElse(config.bwrapBin());
    this.socat =
        Executables.resolve(config.socatBin()).map(Path::toString).orElse(config.socatBin());
    this.prlimit = Executables.resolve("prlimit").map(Path::toString).orElse("prlimit");
    Set<Path> hide = new LinkedHashSet<>();
    String home = System.getProperty("user.home");
    for (String p : config.agent().secretPaths()) {
      String path = p.strip();
      if (!path.isEmpty()) {
        hide.add(Path.of(path.startsWith("~") ? home + path.substring(1) : path).normalize());
      }
    }
    runnerPaths.forEach(p -> hide.add(p.toAbsolutePath().normalize()));
    this.hidden = List.copyOf(hide);
  }

  @Override
  public boolean contains() {
    return true;
  }

  @Override
  public Launch wrap(List<String> command, Map<String, String> environment, Run run) {
    Map<String, String> env = new HashMap<>(environment);
    Map<String, String> real = new HashMap<>();
    for (String variable : run.model().credentials()) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        real.put(variable, value);
      }
    }
    String base = env.get(run.model().baseUrlVariable());
    URI upstream = URI.create(base == null || base.isBlank() ? run.model().defaultBaseUrl() : base);
    // A few requests a turn (messages, token counts, retries) and some slack.
    int maxRequests = config.agent().maxTurns() * 4 + 20;
    EgressGateway.Registration grant =
        gateway.register(real, upstream, run.model(), maxRequests, run.costs());
    env.putAll(grant.placeholders());
    String local = "http://127.0.0.1:" + PORT;
    String path = upstream.getRawPath() == null ? "" : upstream.getRawPath();
    env.put(run.model().baseUrlVariable(), local + (path.equals("/") ? "" : path));
    for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
      env.put(proxy, local);
    }
    env.put("TMPDIR", "/tmp"); // the sandbox's own, sized (or on the slot disk)
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("no_proxy", "127.0.0.1,localhost");
    Cgroups.Cage cage = null;
    try {
      user.own(run.worktree(), run.home(), run.tmp());
      cage = cage();
    } catch (RuntimeException e) {
      closeQuietly(grant);
      throw e;
    } catch (IOException e) {
      closeQuietly(grant);
      throw new UncheckedIOException("The run's cgroup could not be made", e);
    }
    Cgroups.Cage limits = cage;
    // Read before the cage goes: its counters say whether a cap stopped the run.
    AtomicReference<String> breach = new AtomicReference<>();
    AutoCloseable lease =
        () -> {
          try (grant) {
            if (limits != null) {
              breach.set(limits.breach());
              limits.close();
            }
          }
        };
    return new Launch(arguments(command, run, cage), env, lease, grant.meter(), breach::get);
  }

  /** The run's own cgroups with its caps, or null where the runner may write none. */
  Cgroups.Cage cage() throws IOException {
    if (cgroups.isEmpty()) {
      return null;
    }
    return cgroups
        .get()
        .cage(config.agent().maxProcesses(), (long) config.agent().memoryMib() << 20);
  }

  /**
   * The whole command line: joining the run's cgroups, limits, bubblewrap and its policy (the
   * seccomp filter included), then the agent.
   */
  List<String> arguments(List<String> command, Run run, Cgroups.Cage cage) {
    long maxFile = (long) config.agent().maxFileMib() * 1024 * 1024;
    Path tool = SandboxPaths.packageOf(run.executable());
    List<String> args = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, seccomp.toString()));
    if (cage != null) {
      args.addAll(cage.procFiles());
    }
    args.addAll(List.of("--", prlimit, "--fsize=" + maxFile + ":" + maxFile));
    if (cage == null) {
      // Counts every task of the host uid, so the cap sits on top of what it already runs; root
      // is exempt from it: only the cgroup cap holds everywhere.
      int n = config.agent().maxProcesses() + HostTasks.of(user.uid());
      args.add("--nproc=" + n + ":" + n);
    }
    args.add(bwrap);
    args.addAll(
        List.of(
            "--die-with-parent",
            "--new-session",
            "--seccomp",
            "9",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            "autopilot-agent"));
    args.addAll(user.namespaces());
    List<Path> readable = new ArrayList<>();
    if (user.switches()) {
      // bubblewrap makes the directories above a bind owner-only when it runs as root: made
      // first, they are the agent uid's way down to /etc's files, its worktree, home and CLI.
      List<Path> named = config.agent().readPaths().stream().map(p -> Path.of(p.strip())).toList();
      args.addAll(SandboxPaths.ancestors(List.of(), named.toArray(Path[]::new)));
    }
    for (String p : config.agent().readPaths()) {
      Path path = Path.of(p.strip());
      if (Files.isSymbolicLink(path)) {
        args.addAll(List.of("--symlink", readLink(path), path.toString()));
      } else if (Files.exists(path)) {
        args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        readable.add(path);
      }
    }
    args.addAll(List.of("--dev", "/dev", "--proc", "/proc"));
    if (run.tmp() != null) {
      args.addAll(List.of("--bind", run.tmp().toString(), "/tmp"));
    } else {
      long tmp = (long) config.agent().tmpMib() << 20;
      args.addAll(List.of("--size", Long.toString(tmp), "--perms", "1777", "--tmpfs", "/tmp"));
    }
    if (user.switches()) {
      args.addAll(
          SandboxPaths.ancestors(readable, run.worktree(), run.home(), tool, Path.of(SOCKET)));
    }
    if (tool != null && readable.stream().noneMatch(tool::startsWith)) {
      args.addAll(List.of("--ro-bind", tool.toString(), tool.toString()));
      readable.add(tool);
    }
    for (Path secret : hidden) {
      boolean visible = readable.stream().anyMatch(secret::startsWith);
      if (visible && Files.isDirectory(secret)) {
        args.addAll(List.of("--tmpfs", secret.toString()));
      } else if (visible && Files.exists(secret)) {
        args.addAll(List.of("--ro-bind", "/dev/null", secret.toString()));
      }
    }
    String worktree = run.worktree().toString();
    args.addAll(List.of("--bind", worktree, worktree));
    if (Files.exists(run.worktree().resolve(".git"))) {
      // No git metadata, and a link the agent can neither rewrite nor remove.
      args.addAll(List.of("--ro-bind", "/dev/null", run.worktree().resolve(".git").toString()));
    }
    args.addAll(List.of("--bind", run.home().toString(), run.home().toString()));
    args.addAll(List.of("--ro-bind", socket.toString(), SOCKET));
    args.addAll(List.of("--chdir", worktree, "--"));
    args.addAll(user.drop());
    // socat inside turns the socket into 127.0.0.1:PORT; the agent replaces the shell (exec).
    args.addAll(
        List.of(
            "/bin/sh",
            "-c",
            // The seccomp filter's descriptor ends here, before the agent starts.
            "exec 9<&-; \""
                + "$0\" TCP-LISTEN:"
                + PORT
                + ",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:"
                + SOCKET
                + " 2>/dev/null & exec \"$@\"",
            socat));
    args.addAll(command);
    return args;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debugf("Closing a run's grant: %s", e.getMessage());
    }
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Who agents run as on the host. */
  AgentUser user() {
    return user;
  }

  /** Runs a trivial command in a sandbox of this shape; null when it works, else why not. */
  public String probe(Path scratch) {
    return SandboxProbe.run(
        this,
        scratch,
        new String[][] {
          {bwrap, "bubblewrap (bwrap)"},
          {socat, "socat"},
          {prlimit, "prlimit (util-linux)"},
          {"setpriv", "setpriv (util-linux)"}
        });
  }
}
