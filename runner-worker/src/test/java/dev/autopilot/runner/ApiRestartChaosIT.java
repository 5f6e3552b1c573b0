package dev.autopilot.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The api-service SIGKILLed while three runs are active, and started again: the runner keeps its
 * unsent log lines and its reports until the service is back, so every line and every report lands,
 * once and in order.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@TestProfile(NoInAppRunner.class)
class ApiRestartChaosIT {

  private static final int RUNS = 3;
  private static final int TICKS = 60;

  @Test
  void everyReportAndLogLineLandsAcrossAnApiServiceKill() throws Exception {
    Map<String, String> settings = StackResource.runnerSettings("runner-r");
    settings.put("autopilot.max-parallel", Integer.toString(RUNS));
    settings.put("autopilot.lease", "60s");
    settings.put("autopilot.agent.timeout", "120s");
    Process runner = StandaloneRunner.start("runner-r", settings);
    List<Long> ids = new ArrayList<>();
    try {
      for (int i = 0; i < RUNS; i++) {
        ids.add(Api.issue("[fake:ticks] chaos: running while the api-service dies " + i));
      }
      // Kill once every run is at work and has sent some of its lines.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> ids.stream().allMatch(id -> ticksOf(id).size() >= 5));
      StackResource.stack.killApi();
      Instant killed = Instant.now();
      Thread.sleep(3_000);
      StackResource.stack.startApi();
      Instant back = Instant.now();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ids.stream().allMatch(id -> !Api.status(id).matches("ready|in_progress")));
      Duration recovery = Duration.between(back, Instant.now());

      long lost = 0;
      long duplicated = 0;
      long stuck = 0;
      long dropped = 0;
      List<String> problems = new ArrayList<>();
      for (long id : ids) {
        JsonNode runs = Chaos.runs(id);
        JsonNode run =
            Api.get("/api/autopilot/runs/" + runs.get(runs.size() - 1).get("id").asText());
        List<Integer> ticks = ticksOf(id);
        long distinct = ticks.stream().distinct().count();
        lost += TICKS - distinct;
        duplicated += ticks.size() - distinct + Math.max(0, runs.size() - 1);
        dropped += run.path("events_dropped").asLong();
        stuck += Api.status(id).equals("in_review") ? 0 : 1;
        if (!ticks.equals(ticks.stream().sorted().toList())) {
          problems.add("#" + id + " lines out of order: " + ticks);
        }
        if (!"implemented".equals(run.path("outcome").asText())) {
          problems.add("#" + id + " report: " + run.path("outcome") + " " + run.path("state"));
        }
      }
      Chaos.report(
          "api-service SIGKILLed and restarted, 3 runs active",
          recovery,
          lost,
          duplicated,
          stuck,
          String.format(
              "down %.1f s (kill to ready); all 3 reports in %.1f s after it was back; %d of %d"
                  + " live-log lines kept, %d dropped",
              Duration.between(killed, back).toMillis() / 1000.0,
              recovery.toMillis() / 1000.0,
              RUNS * TICKS - lost,
              RUNS * TICKS,
              dropped));
      assertEquals(List.of(), problems);
      assertEquals(0, lost, "log lines lost");
      assertEquals(0, duplicated, "log lines or runs duplicated");
      assertEquals(0, stuck, "issues not in review");
      assertEquals(0, dropped, "lines the runner had to drop");
    } finally {
      StandaloneRunner.stop(runner, Duration.ofSeconds(10));
    }
  }

  // The numbers of the "tick N" lines the api-service stored for the issue's latest run, in order.
  private static List<Integer> ticksOf(long id) {
    JsonNode runs = Chaos.runs(id);
    if (runs.size() == 0) {
      return List.of();
    }
    String run = runs.get(runs.size() - 1).get("id").asText();
    List<Integer> ticks = new ArrayList<>();
    for (JsonNode event : Api.get("/api/autopilot/runs/" + run + "/events?limit=2000")) {
      String text = event.path("text").asText();
      if (text.matches("tick \\d+")) {
        ticks.add(Integer.parseInt(text.substring(5)));
      }
    }
    return ticks;
  }
}
