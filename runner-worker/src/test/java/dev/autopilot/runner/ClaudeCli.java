package dev.autopilot.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessExecutor;

/** The real Claude Code CLI, pinned, installed from the npm registry into target/ when missing. */
final class ClaudeCli {

  /** The version the agent contract was captured with. */
  static final String VERSION = "2.1.197";

  private ClaudeCli() {}

  static synchronized Path binary() {
    Path prefix = Path.of("target", "claude-cli-" + VERSION).toAbsolutePath();
    Path bin = prefix.resolve("node_modules/.bin/claude");
    if (Files.isExecutable(bin)) {
      return bin;
    }
    try {
      var result =
          new ProcessExecutor()
              .command(
                  "npm",
                  "install",
                  "--prefix",
                  prefix.toString(),
                  "--no-audit",
                  "--no-fund",
                  "@anthropic-ai/claude-code@" + VERSION)
              .readOutput(true)
              .timeout(5, TimeUnit.MINUTES)
              .exitValueAny()
              .execute();
      if (result.getExitValue() != 0 || !Files.isExecutable(bin)) {
        throw new IllegalStateException(
            "npm install of the Claude Code CLI failed: " + result.outputUTF8());
      }
      return bin;
    } catch (Exception e) {
      throw new IllegalStateException("The real-CLI tests need npm and the npm registry", e);
    }
  }
}
