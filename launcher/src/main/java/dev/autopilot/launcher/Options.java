package dev.autopilot.launcher;

import java.nio.file.Path;

/** Command-line options of {@code autopilot up}. */
record Options(Path home, Path dataDir, int port, Path runnerRepo) {

  static Options parse(String[] args) {
    Path home = Path.of(System.getProperty("autopilot.home", ".")).toAbsolutePath();
    Path data = home.resolve(".autopilot");
    int port = 8080;
    Path repo = null;
    boolean runner =
        System.getenv("AUTOPILOT_RUNNER") != null && System.getenv("AUTOPILOT_RUNNER").equals("1");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "up" -> {}
        case "--data" -> data = Path.of(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--runner" -> runner = true;
        case "--repo" -> repo = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (runner && repo == null && System.getenv("AUTOPILOT_WORKDIR") != null) {
      repo = Path.of(System.getenv("AUTOPILOT_WORKDIR"));
    }
    if (runner && repo == null) {
      throw new IllegalArgumentException(
          "--runner needs --repo PATH (a git clone) or AUTOPILOT_WORKDIR");
    }
    return new Options(home, data.toAbsolutePath(), port, runner ? repo : null);
  }
}
