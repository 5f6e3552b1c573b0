package dev.autopilot.runner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The runner's settings; environment variables such as {@code AUTOPILOT_RUNNER=1} map here. */
@ConfigMapping(prefix = "autopilot")
public interface RunnerConfig {

  /** Opt-in switch: without {@code AUTOPILOT_RUNNER=1} the runner never executes an agent. */
  @WithDefault("false")
  boolean runner();

  /**
   * Keys of the projects this runner serves ({@code AUTOPILOT_PROJECTS=shop,api}), or {@code *} for
   * every project: it claims only their issues and skips other projects' work messages.
   */
  @WithDefault("*")
  List<String> projects();

  /** Jobs run at once; the runner stops taking work while all slots are busy. */
  @WithDefault("1")
  int maxParallel();

  /** An existing clone to work in (its {@code origin} is fetched when it has one). */
  Optional<String> workdir();

  /** A repository to clone into the cache directory when no workdir is given. */
  Optional<String> repoUrl();

  /** Branch new work starts from; default: the remote's default branch (or the current one). */
  Optional<String> baseBranch();

  /** Push {@code autopilot/*} branches to {@code origin} (and open a PR with gh when present). */
  @WithDefault("false")
  boolean push();

  /** The Claude Code CLI executable (agent kind {@code claude}). */
  @WithDefault("claude")
  String claudeBin();

  /**
   * Where {@code autopilot/*} branches are pushed instead of {@code origin}: a remote name or URL
   * of a fork. The pull request is then opened from the fork, and GitHub withholds the repository's
   * secrets from workflows of fork pull requests.
   */
  Optional<String> pushRemote();

  /** Bubblewrap, the OS sandbox every agent runs in (Debian package {@code bubblewrap}). */
  @WithDefault("bwrap")
  String bwrapBin();

  /** socat, which bridges the sandbox's only network path to the runner's egress gateway. */
  @WithDefault("socat")
  String socatBin();

  /** The GitHub CLI, used to open a pull request after a push when it is installed. */
  @WithDefault("gh")
  String ghBin();

  /** The Codex CLI executable (agent kind {@code codex}). */
  @WithDefault("codex")
  String codexBin();

  /** This runner's name in claims and on the board; default: the host name. */
  Optional<String> runnerId();

  /** Where clones, per-slot worktrees and agent config directories live. */
  @WithDefault(".autopilot/runner")
  String cacheDir();

  /** How often an idle runner asks for work even without a Kafka message (safety net). */
  @WithDefault("30s")
  Duration idlePoll();

  /** Lease asked for with each claim; heartbeats are sent at a third of it. */
  @WithDefault("60s")
  Duration lease();

  /** The api-service. */
  Api api();

  /** The coding agent. */
  Agent agent();

  /** Commits made by the runner. */
  Git git();

  /** The egress gateway between every sandbox and the model API. */
  GatewayConfig gateway();

  /** How the runner reaches and authenticates to the api-service. */
  interface Api {
    /** Base URL of the api-service. */
    @WithDefault("http://127.0.0.1:8080")
    String url();

    /** Local mode: the runner user's name (HTTP Basic). */
    Optional<String> user();

    /** Local mode: the runner user's password. */
    Optional<String> password();

    /** Production: OIDC token endpoint for the client-credentials grant. */
    Optional<String> tokenUrl();

    /** Production: the runner's OIDC client id. */
    Optional<String> clientId();

    /** Production: the runner's OIDC client secret. */
    Optional<String> clientSecret();

    /**
     * How long a finished job keeps retrying its report while the api-service is unreachable (a
     * restart or rolling deploy), backing off from 1 s to 15 s; at least 3 s. Heartbeats keep the
     * lease meanwhile.
     */
    @WithDefault("5m")
    Duration reportPatience();
  }

  /** Limits and environment of the agent process. */
  interface Agent {
    /** Which coding agent runs the jobs: {@code claude} (Claude Code) or {@code codex}. */
    @WithDefault("claude")
    Kind kind();

    /** Most agent turns per job. */
    @WithDefault("50")
    int maxTurns();

    /** Most spend per job in USD (the CLI's estimate). */
    @WithDefault("5")
    double maxBudgetUsd();

    /** Model to ask for; default: the CLI's default. */
    Optional<String> model();

    /** Wall-clock limit per job. */
    @WithDefault("20m")
    Duration timeout();

    /** Time between SIGINT and killing the process tree on timeout or cancel. */
    @WithDefault("15s")
    Duration grace();

    /**
     * Extra environment variable names passed to the agent (besides PATH, locale and the agent
     * credentials). Never put the runner's own secrets here.
     */
    Optional<List<String>> envAllow();

    /**
     * Fixed variables set for the agent, e.g. {@code ANTHROPIC_BASE_URL} of a model gateway ({@code
     * autopilot.agent.env.NAME=value}); the runner's own secrets are refused here too.
     */
    java.util.Map<String, String> env();

    /** Bash command prefixes the agent may run, e.g. {@code ./mvnw test}; git never. */
    Optional<List<String>> allowedCommands();

    /** A file in the repository whose text is added to the prompt as guidance. */
    @WithDefault("AUTOPILOT.md")
    String guidanceFile();

    /**
     * The OS sandbox around every agent process tree: {@code bwrap} (bubblewrap), or {@code off},
     * an explicit opt-out that is logged loudly and shown on the board.
     */
    @WithDefault("bwrap")
    SandboxMode sandbox();

    /**
     * What the agent may run with Bash: {@code allow-listed} (only {@code allowed-commands}) or
     * {@code sandboxed} (any command, inside the sandbox; needs the sandbox on).
     */
    @WithDefault("allow-listed")
    BashMode bash();

    /**
     * Hosts the agent may reach through the runner's egress proxy (HTTPS {@code CONNECT}), e.g.
     * package registries: {@code host}, {@code host:port} or {@code *.suffix}. The model API is
     * always reachable, through the gateway that adds its key.
     */
    Optional<List<String>> allowedDomains();

    /**
     * Paths hidden from the agent even when they lie under a directory it may read ({@code ~} is
     * the runner's home): Kubernetes secret mounts, SSH and GitHub CLI credentials and the like.
     */
    @WithDefault(
        "/var/run/secrets,/run/secrets,/secrets,~/.ssh,~/.config/gh,~/.netrc,~/.git-credentials,"
            + "/etc/ssh,/etc/shadow,/etc/shadow-,/etc/gshadow,/etc/gshadow-,/etc/ssl/private")
    List<String> secretPaths();

    /**
     * What the agent may read (never write), an allow-list: the system's programs and libraries,
     * and of {@code /etc} only the named files a toolchain needs (users, name resolution,
     * certificates, the dynamic linker, alternatives). Its worktree, its own home and the agent
     * CLI's package are added per run; nothing else is visible. Add a toolchain's own directory
     * (e.g. {@code /opt/jdk}) here.
     */
    @WithDefault(
        "/usr,/bin,/sbin,/lib,/lib32,/lib64,/libx32,/etc/passwd,/etc/group,/etc/nsswitch.conf,"
            + "/etc/hosts,/etc/host.conf,/etc/resolv.conf,/etc/gai.conf,/etc/localtime,"
            + "/etc/timezone,/etc/ssl/certs,/etc/ca-certificates,/etc/ca-certificates.conf,"
            + "/etc/pki/tls/certs,/etc/ld.so.cache,/etc/ld.so.conf,/etc/ld.so.conf.d,"
            + "/etc/alternatives,/etc/os-release,/etc/debian_version,/etc/mime.types,"
            + "/etc/protocols,/etc/services,/etc/inputrc,/etc/bash.bashrc,/etc/profile,"
            + "/etc/java-17-openjdk,/etc/java-21-openjdk,/etc/java-25-openjdk,/etc/maven,"
            + "/etc/python3,/etc/python3.11,/etc/npmrc")
    List<String> readPaths();

    /** Largest file (MiB) a run may write: a limit in the sandbox, checked again before commit. */
    @WithDefault("64")
    int maxFileMib();

    /**
     * The host uid agents run as when the runner runs as root, so that they own none of root's
     * files (a user namespace would map them to root); a runner that is not root runs them as
     * itself.
     */
    @WithDefault("65534")
    int uid();

    /** Most processes and threads one run may have at once (cgroup pids.max, or RLIMIT_NPROC). */
    @WithDefault("512")
    int maxProcesses();

    /** Most memory (MiB) one run's processes may use, its /tmp included (a cgroup limit). */
    @WithDefault("4096")
    int memoryMib();

    /** Size (MiB) of the sandbox's own /tmp, a tmpfs (on a slot disk, /tmp is part of it). */
    @WithDefault("1024")
    int tmpMib();

    /** Disk budget (MiB) of one run: its worktree, its home and its /tmp, on a slot disk. */
    @WithDefault("4096")
    int diskMib();

    /**
     * How the disk budget is enforced: {@code auto} (a loop-mounted slot disk where the runner may
     * mount one, else none, logged), {@code loop} (required: the runner refuses to start without
     * it) or {@code off}.
     */
    @WithDefault("auto")
    DiskMode disk();
  }

  /** The agent's OS sandbox. */
  enum SandboxMode {
    /** Bubblewrap: new user, PID, network, IPC and UTS namespaces; a minimal file system. */
    BWRAP,
    /** No sandbox: the CLI's permission check is the only wall. */
    OFF
  }

  /** How a run's disk budget is enforced. */
  enum DiskMode {
    AUTO,
    LOOP,
    OFF
  }

  /** How freely the agent may use Bash. */
  enum BashMode {
    /** Only the command prefixes in {@code allowed-commands}. */
    ALLOW_LISTED,
    /** Any command; the sandbox is what contains it. */
    SANDBOXED
  }

  /** The coding agents the runner can drive. */
  enum Kind {
    CLAUDE,
    CODEX
  }

  /** Authorship of the runner's commits. */
  interface Git {
    /** Commit author name. */
    @WithDefault("Autopilot")
    String authorName();

    /** Commit author email. */
    @WithDefault("autopilot@localhost")
    String authorEmail();

    /**
     * Globs of files the runner never commits or pushes (CI and automation run with the
     * repository's secrets once pushed); a run that changes one is refused. {@code none} allows
     * every path.
     */
    @WithDefault(
        ".github/workflows/**,.github/actions/**,.gitlab-ci.yml,.gitlab/**,.circleci/**,"
            + ".buildkite/**,Jenkinsfile,.travis.yml,azure-pipelines.yml,"
            + "bitbucket-pipelines.yml,.gitmodules")
    List<String> protectedPaths();
  }
}
