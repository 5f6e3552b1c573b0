package dev.autopilot.api.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * GitHub's real webhook payloads, as {@code @octokit/webhooks-examples} publishes them (installed
 * from the npm registry into target/ when missing): shapes nobody here wrote.
 */
final class OctokitExamples {

  static final String VERSION = "7.6.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode index;

  private OctokitExamples() {}

  /** A copy of the first example of {@code event} whose {@code action} is {@code action}. */
  static synchronized ObjectNode example(String event, String action) throws Exception {
    for (JsonNode e : index()) {
      if (e.path("name").asText().equals(event)) {
        for (JsonNode example : e.path("examples")) {
          if (action == null || example.path("action").asText().equals(action)) {
            return (ObjectNode) example.deepCopy();
          }
        }
      }
    }
    throw new IllegalStateException("no " + event + "/" + action + " example");
  }

  private static JsonNode index() throws Exception {
    if (index != null) {
      return index;
    }
    Path prefix = Path.of("target", "octokit-webhooks-examples-" + VERSION).toAbsolutePath();
    Path file = prefix.resolve("node_modules/@octokit/webhooks-examples/api.github.com/index.json");
    if (!Files.exists(file)) {
      Process p =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--prefix",
                  prefix.toString(),
                  "--no-audit",
                  "--no-fund",
                  "@octokit/webhooks-examples@" + VERSION)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.exists(file)) {
        throw new IllegalStateException("npm install of the webhook examples failed: " + out);
      }
    }
    index = JSON.readTree(file.toFile());
    return index;
  }
}
