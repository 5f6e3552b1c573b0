package dev.autopilot.launcher;

import java.nio.file.Files;
import java.util.Map;

/**
 * {@code autopilot up}: the whole system on embedded defaults, loopback only, with generated
 * credentials; Ctrl-C stops everything.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("user")) {
      Users.run(args);
      return;
    }
    Options options = Options.parse(args);
    LocalStack stack =
        LocalStack.start(options.home(), options.dataDir(), options.port(), Map.of());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  LocalStack.log("stopped");
                }));
    if (options.runnerRepo() != null) {
      stack.startRunner(options.home(), options.runnerRepo(), Map.of());
    } else {
      LocalStack.log("No runner: add --runner --repo PATH to let agents work on a git clone.");
    }
    LocalStack.log("");
    LocalStack.log(
        "Autopilot is up:   "
            + stack.baseUrl()
            + "/autopilot  (API: "
            + stack.baseUrl()
            + "/api/autopilot)");
    LocalStack.log("Local credentials: " + stack.credentialsFile());
    Files.readAllLines(stack.credentialsFile()).stream()
        .filter(l -> l.contains(".password="))
        .forEach(l -> LocalStack.log("  " + l.replace(".password=", ": ")));
    LocalStack.log("Press Ctrl-C to stop.");
    stack.awaitExit();
  }
}
