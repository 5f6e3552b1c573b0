package dev.autopilot.runner;

import dev.autopilot.launcher.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.zeroturnaround.exec.ProcessExecutor;

/**
 * The real system around the runner under test: PostgreSQL, the KRaft broker and the production
 * api-service jar (local mode), plus a git repository whose {@code origin} is a local bare repo.
 */
public class StackResource implements QuarkusTestResourceLifecycleManager {

  static LocalStack stack;
  static Path origin;
  static Path work;
  static Path cache;
  static Path agent;
  static Path gh;
  static Path flags;
  static Path root;

  private static Map<String, String> config;

  @Override
  public synchronized Map<String, String> start() {
    if (config == null) {
      config = boot();
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    }
    return config;
  }

  // One stack for every test class and profile of this module.
  private static Map<String, String> boot() {
    SandboxTools.ensureInstalled();
    try {
      root = Files.createTempDirectory("runner-test");
      flags = Files.createDirectories(root.resolve("flags"));
      stack =
          LocalStack.start(
              Path.of("..").toAbsolutePath().normalize(),
              root.resolve("data"),
              freePort(),
              Map.of(
                  "AUTOPILOT_DISPATCH_REAPER_INTERVAL", "1s",
                  // The chaos tests post feedback under load from one address.
                  "AUTOPILOT_FEEDBACK_RATE_LIMIT", "1000000",
                  "AUTOPILOT_GITHUB_WEBHOOK_SECRET", Api.GITHUB_SECRET,
                  "AUTOPILOT_GITHUB_REPOSITORY", "autopilot-test/demo"));
      origin = root.resolve("origin.git");
      work = root.resolve("work");
      cache = root.resolve("cache");
      git(root, "init", "--quiet", "--bare", "--initial-branch=main", origin.toString());
      git(root, "clone", "--quiet", origin.toString(), work.toString());
      Files.writeString(work.resolve("README.md"), "# demo\n");
      git(work, "add", "README.md");
      git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "init");
      git(work, "push", "--quiet", "origin", "HEAD:main");
      git(work, "remote", "set-head", "origin", "main");
      agent = root.resolve("fake-agent.sh");
      Files.copy(
          Path.of("src/test/resources/fake-agent.sh"), agent, StandardCopyOption.REPLACE_EXISTING);
      agent.toFile().setExecutable(true, false); // a root runner's agent runs as another uid
      gh = root.resolve("fake-gh.sh");
      Files.copy(Path.of("src/test/resources/fake-gh.sh"), gh, StandardCopyOption.REPLACE_EXISTING);
      gh.toFile().setExecutable(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return settings("runner-a", work, cache);
  }

  /** What the stand-in GitHub CLI was called with so far. */
  static String ghCalls() {
    try {
      Path log = gh.resolveSibling("gh-calls.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Settings of a further runner named {@code id} with its own clone of {@code origin} (made once)
   * and its own cache.
   */
  static Map<String, String> runnerSettings(String id) {
    Path clone = root.resolve("clone-" + id);
    if (!Files.exists(clone)) {
      git(root, "clone", "--quiet", origin.toString(), clone.toString());
    }
    return new HashMap<>(settings(id, clone, root.resolve("cache-" + id)));
  }

  /** Settings of a runner named {@code id} working in {@code clone} with its own cache. */
  static Map<String, String> settings(String id, Path clone, Path cacheDir) {
    Map<String, String> config = new HashMap<>();
    config.put("autopilot.runner", "true");
    config.put("autopilot.runner-id", id);
    config.put("autopilot.api.url", stack.baseUrl());
    config.put("autopilot.api.user", "runner");
    config.put("autopilot.api.password", stack.password("runner"));
    config.put("kafka.bootstrap.servers", stack.kafkaBootstrap());
    config.put("autopilot.workdir", clone.toString());
    config.put("autopilot.push", "true");
    config.put("autopilot.claude-bin", agent.toString());
    config.put("autopilot.gh-bin", gh.toString());
    config.put("autopilot.cache-dir", cacheDir.toString());
    config.put("autopilot.lease", "6s");
    config.put("autopilot.idle-poll", "2s");
    config.put("autopilot.agent.timeout", "8s");
    config.put("autopilot.agent.grace", "2s");
    config.put("autopilot.agent.env.FAKE_FLAG_DIR", flags.toString());
    return config;
  }

  @Override
  public void stop() {
    // Shared by every profile; closed by the shutdown hook.
  }

  static String git(Path dir, String... args) {
    try {
      var cmd = new java.util.ArrayList<String>();
      cmd.add("git");
      cmd.addAll(java.util.List.of(args));
      var result =
          new ProcessExecutor()
              .command(cmd)
              .directory(dir.toFile())
              .readOutput(true)
              .exitValueAny()
              .execute();
      if (result.getExitValue() != 0) {
        throw new IllegalStateException(
            "git " + String.join(" ", args) + ": " + result.outputUTF8());
      }
      return result.outputUTF8();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
