package dev.autopilot.runner.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many tasks (threads) this process's host uid runs: RLIMIT_NPROC counts all of them, the
 * runner's own and other sessions' included, so a per-run cap has to sit on top of that count.
 */
final class HostTasks {

  private HostTasks() {}

  /** The host uid of this process; -1 when /proc cannot tell. */
  static int uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Tasks of host uid {@code uid}; 0 when /proc cannot tell. */
  static int of(int hostUid) {
    String uid = Integer.toString(hostUid);
    int tasks = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        try {
          String owner = null;
          int threads = 0;
          for (String line : Files.readAllLines(p.resolve("status"))) {
            if (line.startsWith("Uid:")) {
              owner = line.split("\\s+")[1];
            } else if (line.startsWith("Threads:")) {
              threads = Integer.parseInt(line.split("\\s+")[1]);
            }
          }
          if (uid.equals(owner)) {
            tasks += threads;
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return tasks;
  }
}
