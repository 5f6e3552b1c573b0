package dev.autopilot.launcher;

import java.nio.file.Path;

/** Command-line options of {@code autopilot up}. */
record Options(Path home, Path dataDir, int port) {

  static Options parse(String[] args) {
    Path home = Path.of(System.getProperty("autopilot.home", ".")).toAbsolutePath();
    Path data = home.resolve(".autopilot");
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "up" -> {}
        case "--data" -> data = Path.of(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new Options(home, data.toAbsolutePath(), port);
  }
}
