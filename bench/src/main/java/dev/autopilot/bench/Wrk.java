package dev.autopilot.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk, the C load generator, as a separate process so that the load generator costs as little
 * CPU as possible on a box it shares with the server. Scripts live in {@code /wrk/*.lua}; their
 * {@code done} hooks print {@code key=value} lines, which come back as {@link Result#values()}.
 */
final class Wrk {

  /** wrk's own request rate plus the script's key=value lines. */
  record Result(double requestsPerSecond, Map<String, Double> values, String output) {
    double value(String key) {
      Double v = values.get(key);
      if (v == null) {
        throw new IllegalStateException("wrk printed no " + key + ":\n" + output);
      }
      return v;
    }
  }

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern VALUE = Pattern.compile("([a-z][a-z0-9.]*)=([0-9.]+)");

  private Wrk() {}

  /** Whether wrk is on the PATH. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor();
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Result run(
      String baseUrl, String script, int connections, int seconds, String... scriptArgs)
      throws IOException, InterruptedException {
    Path lua = Files.createTempFile("wrk-" + script, ".lua");
    try (InputStream in = Wrk.class.getResourceAsStream("/wrk/" + script + ".lua")) {
      Files.write(lua, in.readAllBytes());
    }
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "wrk",
            "-t2",
            "-c" + connections,
            "-d" + seconds + "s",
            "--timeout",
            "30s",
            "-s",
            lua.toString(),
            baseUrl));
    if (scriptArgs.length > 0) {
      command.add("--");
      command.addAll(List.of(scriptArgs));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    Files.deleteIfExists(lua);
    Matcher rate = RATE.matcher(out);
    if (exit != 0 || !rate.find()) {
      throw new IllegalStateException("wrk failed (" + exit + "):\n" + out);
    }
    Map<String, Double> values = new HashMap<>();
    Matcher m = VALUE.matcher(out);
    while (m.find()) {
      values.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return new Result(Double.parseDouble(rate.group(1)), values, out);
  }
}
