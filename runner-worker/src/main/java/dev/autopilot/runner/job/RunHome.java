package dev.autopilot.runner.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A run's home on its slot disk: a copy of the kept home going in, and what of it is kept
 * coming out. The copy back takes regular files and directories only (never a link the agent made:
 * the runner would follow it to a file of its own) and at most {@link #KEPT_BYTES}, so a run cannot
 * grow the kept home past that on the host disk.
 */
final class RunHome {

  private static final Logger LOG = Logger.getLogger(RunHome.class);

  /** Most of a run's home kept for the next run of its issue. */
  static final long KEPT_BYTES = 64L << 20;

  private RunHome() {}

  /** Empties {@code onDisk} and fills it from {@code kept}; returns it. */
  static Path in(Path kept, Path onDisk) {
    clear(onDisk);
    copy(kept, onDisk, Long.MAX_VALUE);
    return onDisk;
  }

  /** Replaces {@code kept} with what of {@code onDisk} is kept. */
  static void out(Path onDisk, Path kept) {
    clear(kept);
    long copied = copy(onDisk, kept, KEPT_BYTES);
    if (copied < 0) {
      LOG.infof("The run's home passed %d MiB; only part of it is kept", KEPT_BYTES >> 20);
    }
  }

  /** Empties {@code dir} (creating it). */
  static void clear(Path dir) {
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
            if (!p.equals(dir)) {
              Files.delete(p);
            }
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Regular files and directories only; -1 when the cap cut it short.
  private static long copy(Path from, Path to, long cap) {
    if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(
          from,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              Files.createDirectories(to.resolve(from.relativize(dir).toString()));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE; // links, sockets, fifos stay behind
              }
              if (total[0] + attrs.size() > cap) {
                total[0] = -1;
                return FileVisitResult.TERMINATE;
              }
              total[0] += attrs.size();
              Files.copy(
                  file,
                  to.resolve(from.relativize(file).toString()),
                  LinkOption.NOFOLLOW_LINKS,
                  StandardCopyOption.REPLACE_EXISTING);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total[0];
  }
}
