package dev.autopilot.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two projects on two real git repositories: the stack's runner serves every project, a second
 * runner only A. Every issue is implemented once, in its own project's repository, and the second
 * runner never takes one of B's.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
class ProjectsIT {

  @Test
  void twoProjectsTwoRepositoriesEachIssueImplementedOnceInItsOwn() throws Exception {
    String a = "pa" + (System.nanoTime() % 100_000);
    String b = "pb" + (System.nanoTime() % 100_000);
    Path repoA = bareRepository("alpha");
    Path repoB = bareRepository("beta");
    project(a, repoA);
    project(b, repoB);

    Map<String, String> onlyA = StackResource.runnerSettings("runner-only-a");
    onlyA.put("autopilot.projects", a);
    Process second = StandaloneRunner.start("runner-only-a", onlyA);
    try {
      List<Long> ofA = new ArrayList<>();
      List<Long> ofB = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ofA.add(issue(a, "change " + i + " of A"));
        ofB.add(issue(b, "change " + i + " of B"));
      }
      List<Long> all = new ArrayList<>(ofA);
      all.addAll(ofB);
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> all.stream().allMatch(id -> Api.status(id).equals("in_review")));

      String branchesA = StackResource.git(repoA, "branch", "--list", "autopilot/*");
      String branchesB = StackResource.git(repoB, "branch", "--list", "autopilot/*");
      String branchesOwn =
          StackResource.git(StackResource.origin, "branch", "--list", "autopilot/*");
      List<String> runnersOfA = new ArrayList<>();
      for (long id : all) {
        String branch = "autopilot/issue-" + id + "\n";
        boolean inA = ofA.contains(id);
        assertTrue((inA ? branchesA : branchesB).contains(branch), "#" + id + " in its repository");
        assertFalse((inA ? branchesB : branchesA).contains(branch), "#" + id + " not in the other");
        assertFalse(branchesOwn.contains(branch), "#" + id + " not in the runner's own repository");
        JsonNode runs = Api.get("/api/autopilot/issues/" + id + "/runs");
        assertEquals(1, runs.size(), "#" + id + " implemented once: " + runs);
        String runner = runs.get(0).get("runner_id").asText();
        if (inA) {
          runnersOfA.add(runner);
        } else {
          assertFalse(runner.startsWith("runner-only-a/"), "#" + id + " of B taken by " + runner);
        }
      }
      assertTrue(
          runnersOfA.stream().anyMatch(r -> r.startsWith("runner-only-a/")),
          "the runner of A worked too: " + runnersOfA);
      // The commit is the runner's, in the project's repository, named by the issue's ref.
      long first = ofB.get(0);
      String subject =
          StackResource.git(repoB, "log", "-1", "--format=%s", "autopilot/issue-" + first).strip();
      assertEquals(
          Api.get("/api/autopilot/issues/" + first).get("ref").asText() + " change 0 of B",
          subject);
    } finally {
      StandaloneRunner.stop(second, Duration.ofSeconds(5));
    }
  }

  private static Path bareRepository(String name) throws Exception {
    Path bare = StackResource.root.resolve(name + "-" + System.nanoTime() + ".git");
    Path seed = StackResource.root.resolve(name + "-seed-" + System.nanoTime());
    StackResource.git(
        StackResource.root, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    StackResource.git(StackResource.root, "clone", "--quiet", bare.toString(), seed.toString());
    Files.writeString(seed.resolve("README.md"), "# " + name + "\n");
    StackResource.git(seed, "add", "README.md");
    StackResource.git(
        seed, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "init");
    StackResource.git(seed, "push", "--quiet", "origin", "HEAD:main");
    return bare;
  }

  private static void project(String key, Path repository) {
    Api.postAs(
        "admin",
        "/api/autopilot/projects",
        "{\"key\":\""
            + key
            + "\",\"name\":\""
            + key
            + "\",\"repository\":"
            + Api.quote(repository.toString())
            + ",\"base_branch\":\"main\",\"push_target\":\"origin\"}");
  }

  private static long issue(String project, String title) {
    return Api.post(
            "/api/autopilot/issues",
            "{\"project\":\""
                + project
                + "\",\"title\":"
                + Api.quote(title)
                + ",\"hand_off\":true}")
        .get("id")
        .asLong();
  }
}
