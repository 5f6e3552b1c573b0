package dev.autopilot.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What runs on this machine, read from /proc: a test's proof that nothing outlived a run. */
public final class HostProcesses {

  private HostProcesses() {}

  /** Processes whose command line contains {@code text}, as "pid: command line". */
  public static List<String> withCommandLine(String text) {
    return matching("cmdline", text);
  }

  /** Processes whose environment contains {@code text}. */
  public static List<String> withEnvironment(String text) {
    return matching("environ", text);
  }

  private static List<String> matching(String file, String text) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String content =
              new String(Files.readAllBytes(p.resolve(file)), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
          if (content.contains(text) && !p.getFileName().toString().equals(self())) {
            found.add(p.getFileName() + ": " + content);
          }
        } catch (IOException gone) {
          // exited meanwhile, or not ours to read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private static String self() {
    return Long.toString(ProcessHandle.current().pid());
  }
}
