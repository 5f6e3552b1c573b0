package dev.autopilot.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Per-run process and memory caps from the cgroups the runner may write: a delegated cgroup v2
 * subtree (a pod's, or a systemd unit's with {@code Delegate=yes}), or the v1 {@code pids} and
 * {@code memory} hierarchies of a runner with write access to them. Where neither is writable,
 * {@link #detect} finds nothing and the sandbox falls back to RLIMIT_NPROC.
 */
final class Cgroups {

  private static final Logger LOG = Logger.getLogger(Cgroups.class);

  private final boolean v2;
  private final Path pids;
  private final Path memory;

  private Cgroups(boolean v2, Path pids, Path memory) {
    this.v2 = v2;
    this.pids = pids;
    this.memory = memory;
  }

  /** The runner's writable cgroups under {@code root} (normally {@code /sys/fs/cgroup}). */
  static Optional<Cgroups> detect(Path root, List<String> selfCgroup) {
    try {
      if (Files.exists(root.resolve("cgroup.controllers"))) {
        return v2(root, selfCgroup);
      }
      Path p = own(root.resolve("pids"), selfCgroup, "pids");
      Path m = own(root.resolve("memory"), selfCgroup, "memory");
      if (p != null && m != null && writable(p) && writable(m)) {
        return Optional.of(new Cgroups(false, p, m));
      }
    } catch (IOException | RuntimeException e) {
      LOG.debugf("No cgroup to cap agents with: %s", e.getMessage());
    }
    return Optional.empty();
  }

  // The own cgroup can hold no processes once it has children with controllers: the runner moves
  // itself into a leaf of its own first.
  private static Optional<Cgroups> v2(Path root, List<String> selfCgroup) throws IOException {
    Path own = own(root, selfCgroup, "");
    if (own == null || !writable(own)) {
      return Optional.empty();
    }
    String available = Files.readString(own.resolve("cgroup.controllers"));
    if (!available.contains("pids") || !available.contains("memory")) {
      return Optional.empty();
    }
    String enabled = Files.readString(own.resolve("cgroup.subtree_control"));
    if (!enabled.contains("pids") || !enabled.contains("memory")) {
      Path leaf = own.resolve("autopilot-runner");
      Files.createDirectories(leaf);
      for (String pid : Files.readAllLines(own.resolve("cgroup.procs"))) {
        if (!pid.isBlank()) {
          write(leaf.resolve("cgroup.procs"), pid.strip());
        }
      }
      write(own.resolve("cgroup.subtree_control"), "+pids +memory");
    }
    return Optional.of(new Cgroups(true, own, own));
  }

  private static Path own(Path hierarchy, List<String> selfCgroup, String controller) {
    for (String line : selfCgroup) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3
          && (controller.isEmpty()
              ? parts[0].equals("0") && parts[1].isEmpty()
              : List.of(parts[1].split(",")).contains(controller))) {
        Path dir = hierarchy.resolve(parts[2].replaceFirst("^/", ""));
        return Files.isDirectory(dir) ? dir : null;
      }
    }
    return null;
  }

  private static boolean writable(Path dir) {
    Path probe = dir.resolve("autopilot-probe-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectory(probe);
      Files.delete(probe);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Which kind of cgroups, for the log. */
  String kind() {
    return v2 ? "cgroup v2" : "cgroup v1";
  }

  /** A new cgroup (one per hierarchy) for one run, with its caps set. */
  Cage cage(int maxProcesses, long memoryBytes) throws IOException {
    String name = "autopilot-run-" + UUID.randomUUID().toString().substring(0, 12);
    List<Path> dirs =
        v2 ? List.of(pids.resolve(name)) : List.of(pids.resolve(name), memory.resolve(name));
    for (Path d : dirs) {
      Files.createDirectory(d);
    }
    Path p = dirs.get(0);
    Path m = dirs.get(dirs.size() - 1);
    write(p.resolve("pids.max"), Integer.toString(maxProcesses));
    if (v2) {
      write(m.resolve("memory.max"), Long.toString(memoryBytes));
      if (Files.exists(m.resolve("memory.swap.max"))) {
        write(m.resolve("memory.swap.max"), "0");
      }
    } else {
      write(m.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
      if (Files.exists(m.resolve("memory.memsw.limit_in_bytes"))) {
        write(m.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
      }
    }
    return new Cage(v2, dirs);
  }

  /** One run's cgroups. Closing ends every process left in them and removes them. */
  record Cage(boolean v2, List<Path> dirs) implements AutoCloseable {

    /** The files a process writes its pid to, to join. */
    List<String> procFiles() {
      return dirs.stream().map(d -> d.resolve("cgroup.procs").toString()).toList();
    }

    /** Why the caps stopped the run, or null when they did not. */
    String breach() {
      List<String> why = new ArrayList<>();
      Path p = dirs.get(0);
      Path m = dirs.get(dirs.size() - 1);
      if (counter(p.resolve("pids.events"), "max") > 0) {
        why.add("it reached its process cap (AUTOPILOT_AGENT_MAX_PROCESSES)");
      }
      long oom = counter(m.resolve(v2 ? "memory.events" : "memory.oom_control"), "oom_kill");
      if (oom > 0) {
        why.add("its memory cap killed " + oom + " process(es) (AUTOPILOT_AGENT_MEMORY_MIB)");
      }
      return why.isEmpty()
          ? null
          : "The sandbox stopped the agent: " + String.join("; ", why) + ".";
    }

    @Override
    public void close() {
      for (Path d : dirs) {
        if (!Files.isDirectory(d)) {
          continue; // closed before
        }
        try {
          Path kill = d.resolve("cgroup.kill");
          if (v2 && Files.exists(kill)) {
            write(kill, "1");
          } else {
            for (String pid : Files.readAllLines(d.resolve("cgroup.procs"))) {
              ProcessHandle.of(Long.parseLong(pid.strip()))
                  .ifPresent(ProcessHandle::destroyForcibly);
            }
          }
          for (int i = 0; i < 40; i++) {
            try {
              Files.delete(d);
              break;
            } catch (IOException busy) {
              Thread.sleep(50); // the killed processes leave the cgroup as they exit
            }
          }
        } catch (IOException | RuntimeException e) {
          LOG.warnf("Removing the run's cgroup %s: %s", d, e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static long counter(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] kv = line.strip().split("\\s+");
        if (kv.length == 2 && kv[0].equals(key)) {
          return Long.parseLong(kv[1]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }
}
