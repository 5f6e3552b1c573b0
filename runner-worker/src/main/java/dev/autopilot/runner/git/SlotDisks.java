package dev.autopilot.runner.git;

import dev.autopilot.runner.Executables;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.zeroturnaround.exec.ProcessExecutor;

/**
 * A file system of a fixed size for each slot, so that a run's disk budget is enforced by the file
 * system itself (a write past it fails with "No space left on device") rather than noticed after
 * the fact: a sparse ext4 image on the cache's disk, loop-mounted where the runner may mount (root
 * with loop devices). The slot's worktree, the run's copy of its home and its /tmp live on it, so
 * one run filling its budget leaves the runner, the other slots and the host their disk.
 */
public final class SlotDisks implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SlotDisks.class);

  private final Path dir;
  private final long bytes;
  private final Set<Path> mounted = ConcurrentHashMap.newKeySet();

  private SlotDisks(Path dir, long bytes) {
    this.dir = dir;
    this.bytes = bytes;
  }

  /**
   * Slot disks of {@code mib} MiB under {@code dir}, when this runner can make and mount one (it
   * tries); empty, and why in the log, when it cannot.
   */
  public static Optional<SlotDisks> open(Path dir, int mib) {
    for (String tool : List.of("mkfs.ext4", "mount", "umount")) {
      if (!Executables.available(tool)) {
        LOG.infof("No slot disks: %s is not installed", tool);
        return Optional.empty();
      }
    }
    if (!"root".equals(System.getProperty("user.name"))
        || !Files.exists(Path.of("/dev/loop-control"))) {
      LOG.info("No slot disks: mounting a loop device needs root and /dev/loop-control");
      return Optional.empty();
    }
    SlotDisks disks = new SlotDisks(dir, (long) mib << 20);
    try {
      Files.createDirectories(dir);
      Path probe = disks.mount("probe");
      disks.unmount(probe);
      Files.deleteIfExists(dir.resolve("probe.img"));
      Files.deleteIfExists(probe);
      return Optional.of(disks);
    } catch (RuntimeException | IOException e) {
      LOG.infof("No slot disks: %s", e.getMessage());
      return Optional.empty();
    }
  }

  /** The budget per slot, in bytes. */
  public long bytes() {
    return bytes;
  }

  /** The mounted root of slot disk {@code name}, made and mounted on first use. */
  public Path mount(String name) {
    Path root = dir.resolve(name);
    if (mounted.contains(root) || isMountPoint(root)) {
      mounted.add(root);
      return root;
    }
    Path image = dir.resolve(name + ".img");
    try {
      Files.createDirectories(root);
      if (!Files.exists(image)) {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
          f.setLength(bytes); // sparse: the host disk pays only for what is written
        }
        run("mkfs.ext4", "-q", "-F", "-m", "0", "-O", "^has_journal", image.toString());
      }
      run("mount", "-o", "loop,nosuid,nodev", image.toString(), root.toString());
      mounted.add(root);
      Files.deleteIfExists(root.resolve("lost+found"));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unmounts and deletes every slot disk under the directory: a start begins with none. */
  public void reset() {
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p) && !name.equals("trash")) {
          unmount(p);
          Trees.remove(p, dir.resolve("trash"));
        } else if (name.endsWith(".img")) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Throws slot disk {@code name} away and makes a new, empty one (a poisoned slot). */
  public Path rebuild(String name) {
    Path root = dir.resolve(name);
    unmount(root);
    try {
      Files.deleteIfExists(dir.resolve(name + ".img"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return mount(name);
  }

  /** Whether the slot disk holding {@code path} is full: a write of any size fails there. */
  public static boolean full(Path path) {
    try {
      return Files.getFileStore(path).getUsableSpace() < 1 << 20;
    } catch (IOException e) {
      return false;
    }
  }

  private void unmount(Path root) {
    if (isMountPoint(root)) {
      // Lazy: a process still holding a file there cannot keep the slot from being rebuilt.
      run("umount", "-l", root.toString());
    }
    mounted.remove(root);
  }

  private static boolean isMountPoint(Path root) {
    try {
      String target = root.toAbsolutePath().normalize().toString();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && fields[4].equals(target)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(String... command) {
    try {
      var result =
          new ProcessExecutor()
              .command(command)
              .readOutput(true)
              .exitValueAny()
              .timeout(60, TimeUnit.SECONDS)
              .execute();
      if (result.getExitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + result.outputUTF8().strip());
      }
    } catch (IOException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Unmounts every slot disk (the images stay, for the next start). */
  @Override
  public void close() {
    for (Path root : List.copyOf(mounted)) {
      try {
        unmount(root);
      } catch (RuntimeException e) {
        LOG.warnf("Unmounting slot disk %s: %s", root, e.getMessage());
      }
    }
  }
}
