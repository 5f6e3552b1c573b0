package dev.autopilot.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * What a chaos test measured, in the bench README's reliability table form: printed, and appended
 * to {@code target/chaos-results.md} so a run's figures can be pasted as they are.
 */
final class Chaos {

  private static final Path RESULTS = Path.of("target", "chaos-results.md");

  private Chaos() {}

  /** One row: the fault, how long until the system did its work again, and what went wrong. */
  static void report(
      String fault, Duration recovery, long lost, long duplicated, long stuck, String detail) {
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %.1f s | %d | %d | %d | %s |%n",
            fault,
            recovery.toMillis() / 1000.0,
            lost,
            duplicated,
            stuck,
            detail);
    System.out.print("[chaos] " + row);
    try {
      Files.writeString(
          RESULTS,
          row,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runs, oldest first. */
  static JsonNode runs(long id) {
    return Api.get("/api/autopilot/issues/" + id + "/runs");
  }

  /** Commits on the branch in {@code origin} that are not on main. */
  static int commitsOnBranch(long id) {
    String branch = "autopilot/issue-" + id;
    if (StackResource.git(StackResource.origin, "branch", "--list", branch).isBlank()) {
      return 0;
    }
    return Integer.parseInt(
        StackResource.git(StackResource.origin, "rev-list", "--count", "main.." + branch).strip());
  }
}
