package dev.autopilot.runner.sandbox;

import dev.autopilot.runner.Executables;
import dev.autopilot.runner.RunnerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every agent process tree in a bubblewrap sandbox made for its run: new user, PID, network, IPC
 * and UTS namespaces; the system directories read-only; its worktree (never the {@code .git} link)
 * and its own home writable; nothing else of the runner visible. It has no network but a Unix
 * socket to the runner's {@link EgressGateway}, bridged to a loopback port by socat inside. It dies
 * with the runner ({@code --die-with-parent}), and everything in it dies with its main process (the
 * PID namespace ends).
 */
public final class Bubblewrap implements Sandbox {

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

  /**
   * @param socket the host side of the egress socket, served by {@code gateway}'s bridge
   * @param runnerPaths the runner's own directories (home, cache, repository) to hide should a read
   *     path contain them
   */
  public Bubblewrap(
      RunnerConfig config, EgressGateway gateway, Path socket, List<Path> runnerPaths) {
    this.config = config;
    this.gateway = gateway;
    this.socket = socket;
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
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("no_proxy", "127.0.0.1,localhost");
    return new Launch(arguments(command, run), env, grant, grant.meter());
  }

  /** The whole command line: limits, bubblewrap and its policy, then the agent. */
  List<String> arguments(List<String> command, Run run) {
    long maxFile = (long) config.agent().maxFileMib() * 1024 * 1024;
    List<String> args = new ArrayList<>(List.of(prlimit, "--fsize=" + maxFile + ":" + maxFile));
    args.add(bwrap);
    args.addAll(
        List.of(
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--unshare-user",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            "autopilot-agent"));
    List<Path> readable = new ArrayList<>();
    for (String p : config.agent().readPaths()) {
      Path path = Path.of(p.strip());
      if (Files.isSymbolicLink(path)) {
        args.addAll(List.of("--symlink", readLink(path), path.toString()));
      } else if (Files.exists(path)) {
        args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        readable.add(path);
      }
    }
    args.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
    Path tool = packageOf(run.executable());
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
    // socat inside turns the socket into 127.0.0.1:PORT; the agent replaces the shell (exec).
    args.addAll(
        List.of(
            "/bin/sh",
            "-c",
            "\""
                + "$0\" TCP-LISTEN:"
                + PORT
                + ",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:"
                + SOCKET
                + " 2>/dev/null & exec \"$@\"",
            socat));
    args.addAll(command);
    return args;
  }

  /** Runs a trivial command in a sandbox of this shape; null when it works, else why not. */
  public String probe(Path scratch) {
    for (String[] needed :
        new String[][] {
          {bwrap, "bubblewrap (bwrap)"}, {socat, "socat"}, {prlimit, "prlimit (util-linux)"}
        }) {
      if (!Executables.available(needed[0])) {
        return needed[1]
            + " is not installed or not executable ('"
            + needed[0]
            + "'). Install it: apt-get install bubblewrap socat util-linux.";
      }
    }
    try {
      Path wt = Files.createDirectories(scratch.resolve("probe-worktree"));
      Path home = Files.createDirectories(scratch.resolve("probe-home"));
      Process p =
          new ProcessBuilder(
                  arguments(
                      List.of(
                          "/bin/sh",
                          "-c",
                          "echo ok > probe && { grep -q '^CapEff:[[:space:]]*0*$' /proc/self/status"
                              + " || { echo 'capabilities are left inside the sandbox'; exit 3; };"
                              + " } && cat probe"),
                      new Run(wt, home, null, ModelApi.NONE, c -> {})))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return "bubblewrap cannot create its sandbox here ("
            + out
            + "). It needs unprivileged user namespaces: on a host, sysctl"
            + " kernel.unprivileged_userns_clone=1 (and on Ubuntu 24.04+"
            + " kernel.apparmor_restrict_unprivileged_userns=0); in a container, the seccomp"
            + " profile shipped in deploy/ (docs/sandbox-deployment.md).";
      }
      return out.endsWith("ok") ? null : "the sandbox probe printed '" + out + "'";
    } catch (IOException e) {
      return "bubblewrap could not be started: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The npm package an executable belongs to (the CLI needs its files), or the file alone. */
  static Path packageOf(Path executable) {
    if (executable == null) {
      return null;
    }
    Path real;
    try {
      real = executable.toRealPath();
    } catch (IOException e) {
      return executable;
    }
    Path dir = real.getParent();
    while (dir != null && dir.getParent() != null) {
      Path parent = dir.getParent();
      if (parent.getFileName() != null && parent.getFileName().toString().equals("node_modules")) {
        return dir;
      }
      if (parent.getFileName() != null
          && parent.getFileName().toString().startsWith("@")
          && parent.getParent() != null
          && parent.getParent().getFileName() != null
          && parent.getParent().getFileName().toString().equals("node_modules")) {
        return dir;
      }
      dir = parent;
    }
    return real;
  }

  /** Creates the host side of the egress socket's directory, owner-only. */
  public static Path socketIn(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir.resolve("egress.sock");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
