package dev.autopilot.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker), so its runner-worker service is checked against
 * the code: every variable it sets is a key of {@link RunnerConfig} (or Kafka's), and together they
 * make a valid configuration.
 */
class ComposeFileTest {

  @Test
  void theRunnerServiceSetsOnlyKeysTheRunnerReads() throws IOException {
    Map<String, String> env = environment(Path.of("../docker-compose.yml"), "runner-worker");
    assertFalse(env.isEmpty(), "the runner-worker service has an environment block");
    Set<String> properties =
        ConfigMappings.getProperties(
                ConfigMappings.ConfigClass.configClass(RunnerConfig.class, "autopilot"))
            .keySet();
    Set<String> known =
        properties.stream()
            .map(p -> p.replaceAll("[^A-Za-z0-9*]", "_").toUpperCase())
            .collect(Collectors.toCollection(TreeSet::new));
    known.add("KAFKA_BOOTSTRAP_SERVERS");
    // Quarkus' own: extra config files, here the mounted secret with the client secret and the
    // model key, which therefore stay out of the runner's environment.
    known.add("QUARKUS_CONFIG_LOCATIONS");
    for (String name : env.keySet()) {
      boolean ok =
          known.contains(name)
              || known.stream()
                  .anyMatch(
                      k -> k.endsWith("*") && name.startsWith(k.substring(0, k.length() - 1)));
      assertTrue(ok, name + " is not a runner setting; known: " + known);
      assertFalse(
          name.contains("SECRET") || name.contains("API_KEY") || name.contains("PASSWORD"),
          name + " belongs in the mounted runner.properties, not the environment");
    }
    assertTrue(
        env.getOrDefault("QUARKUS_CONFIG_LOCATIONS", "").startsWith("/run/secrets/"),
        "the runner reads its secrets from a compose secret");
    assertFalse(
        env.getOrDefault("AUTOPILOT_AGENT_SANDBOX", "bwrap").equalsIgnoreCase("off"),
        "the agent sandbox is never off in compose");
    RunnerConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(RunnerConfig.class)
            .withConverter(Duration.class, 200, new DurationConverter())
            .withSources(new EnvConfigSource(env, 300))
            .build()
            .getConfigMapping(RunnerConfig.class);
    assertTrue(config.runner());
    assertEquals("autopilot-runner", config.api().clientId().orElseThrow());
    assertTrue(config.api().tokenUrl().orElseThrow().endsWith("/token"));
  }

  @Test
  void theRunnerServiceGivesBubblewrapWhatItNeeds() throws IOException {
    List<String> service = service(Path.of("../docker-compose.yml"), "runner-worker");
    String seccomp =
        service.stream()
            .map(String::strip)
            .filter(l -> l.startsWith("- seccomp="))
            .map(l -> l.substring("- seccomp=".length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("security_opt seccomp=<shipped profile>"));
    assertTrue(Files.isRegularFile(Path.of("..").resolve(seccomp)), seccomp + " is shipped");
    assertTrue(service.contains("    secrets: [runner.properties]"), "the secret file is mounted");
  }

  /** The lines of one service, its name's line excluded. */
  static List<String> service(Path compose, String service) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean inService = false;
    for (String line : Files.readAllLines(compose)) {
      if (line.matches("^\\S.*") || line.matches("^  [A-Za-z0-9_-]+:\\s*$")) {
        inService = line.strip().equals(service + ":");
      } else if (inService) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The {@code environment:} map of one service (block style, as the file is written). */
  static Map<String, String> environment(Path compose, String service) throws IOException {
    List<String> lines = Files.readAllLines(compose);
    Map<String, String> env = new LinkedHashMap<>();
    boolean inService = false;
    boolean inEnv = false;
    for (String line : lines) {
      if (line.matches("^  [A-Za-z0-9_-]+:\\s*$")) {
        inService = line.strip().equals(service + ":");
        inEnv = false;
      } else if (inService && line.matches("^    environment:\\s*$")) {
        inEnv = true;
      } else if (inEnv && line.startsWith("      ") && line.contains(":")) {
        String entry = line.strip();
        int colon = entry.indexOf(':');
        env.put(entry.substring(0, colon), entry.substring(colon + 1).strip().replace("\"", ""));
      } else if (inEnv && !line.startsWith("      ")) {
        inEnv = false;
      }
    }
    return env;
  }
}
