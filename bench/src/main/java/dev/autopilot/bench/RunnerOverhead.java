package dev.autopilot.bench;

import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.git.Changes;
import dev.autopilot.runner.git.Git;
import dev.autopilot.runner.git.NestedRepositories;
import dev.autopilot.runner.git.Workspace;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The runner's own git work per job (the agent excluded: a stand-in edits one file) on a generated
 * 20,000-file repository: a fresh {@code git worktree add} + commit + remove per job, against the
 * runner's reused per-slot worktree ({@code checkout -B} + {@code clean -ffdx}) + commit.
 */
final class RunnerOverhead {

  record Result(Stats fresh, Stats reused, int files) {
    @Override
    public String toString() {
      return String.format(
          "%d files: fresh worktree per job %s; reused slot %s", files, fresh, reused);
    }
  }

  Result run(int files, int freshJobs, int jobs) throws IOException {
    Path root = Files.createTempDirectory("runner-overhead");
    Path repo = root.resolve("repo");
    generate(repo, files);
    long[] fresh = new long[freshJobs];
    for (int i = 0; i < freshJobs; i++) {
      Path wt = root.resolve("fresh-" + i);
      long start = System.nanoTime();
      Git.run(
          repo, "worktree", "add", "--quiet", "-b", "autopilot/fresh-" + i, wt.toString(), "main");
      Files.writeString(wt.resolve("change.txt"), "job " + i + "\n");
      Changes.commit(wt, "main", "job " + i, "Autopilot", "a@b");
      Git.run(repo, "worktree", "remove", "--force", wt.toString());
      fresh[i] = System.nanoTime() - start;
    }
    Workspace workspace = new Workspace(config(repo, root.resolve("cache")), "bench");
    workspace.init();
    workspace.release(workspace.prepare(1, "autopilot/warmup", "main"));
    long[] reused = new long[jobs];
    for (int i = 0; i < jobs; i++) {
      long start = System.nanoTime();
      Path wt = workspace.prepare(1, "autopilot/issue-" + i, "main");
      Files.writeString(wt.resolve("change.txt"), "job " + i + "\n");
      NestedRepositories.in(wt); // the job's look for planted repositories, after the agent
      Changes.commit(wt, "main", "job " + i, "Autopilot", "a@b");
      workspace.release(wt);
      reused[i] = System.nanoTime() - start;
    }
    return new Result(Stats.ofNanos(fresh), Stats.ofNanos(reused), files);
  }

  private static void generate(Path repo, int files) throws IOException {
    Files.createDirectories(repo);
    Git.run(repo, "init", "--quiet", "--initial-branch=main");
    for (int i = 0; i < files; i++) {
      Path dir = repo.resolve("src/pkg" + (i / 100));
      if (i % 100 == 0) {
        Files.createDirectories(dir);
      }
      Files.writeString(
          dir.resolve("File" + i + ".java"), "class File" + i + " { int x = " + i + "; }\n");
    }
    Git.run(repo, "add", "--all");
    Git.run(
        repo, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "--quiet", "-m", "generated");
  }

  private static RunnerConfig config(Path repo, Path cache) {
    return new SmallRyeConfigBuilder()
        .withMapping(RunnerConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(
            new PropertiesConfigSource(
                Map.of(
                    "autopilot.workdir", repo.toString(), "autopilot.cache-dir", cache.toString()),
                "bench",
                500))
        .build()
        .getConfigMapping(RunnerConfig.class);
  }
}
