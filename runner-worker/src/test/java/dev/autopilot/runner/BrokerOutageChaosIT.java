package dev.autopilot.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The broker stopped for 30 s while reviewers hand off 50 issues. The hand-offs are kept in the
 * outbox; once the broker is back every issue is delivered, claimed and implemented once. The
 * runner's safety-net poll is set past the test so that only the broker can bring it work.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@TestProfile(NoInAppRunner.class)
class BrokerOutageChaosIT {

  private static final int ISSUES = 50;
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  void fiftyHandOffsDuringABrokerOutageAreAllInReviewOnceEachAfterItIsBack() throws Exception {
    Map<String, String> settings = StackResource.runnerSettings("runner-b2");
    settings.put("autopilot.max-parallel", "4");
    settings.put("autopilot.idle-poll", "30m");
    Process runner = StandaloneRunner.start("runner-b2", settings);
    try {
      // The runner is up and subscribed once a first issue made it through the broker.
      long warm = Api.issue("chaos: before the broker outage");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Api.status(warm).equals("in_review"));

      StackResource.stack.stopKafka();
      Instant stopped = Instant.now();
      List<Long> ids = new ArrayList<>();
      long pause = OUTAGE.minusSeconds(5).toMillis() / ISSUES;
      for (int i = 0; i < ISSUES; i++) {
        ids.add(Api.issue("chaos: handed off while the broker is down " + i));
        Thread.sleep(pause);
      }
      long claimedDuringOutage = ids.stream().filter(id -> !Api.status(id).equals("ready")).count();
      Thread.sleep(
          Math.max(0, OUTAGE.toMillis() - Duration.between(stopped, Instant.now()).toMillis()));
      StackResource.stack.startKafka();
      Instant back = Instant.now();

      List<Long> pending = new ArrayList<>(ids);
      Instant deadline = back.plus(Duration.ofMinutes(3));
      Duration firstClaim = null;
      while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
        List<String> statuses = pending.stream().map(Api::status).toList();
        if (firstClaim == null && statuses.stream().anyMatch(s -> !s.equals("ready"))) {
          firstClaim = Duration.between(back, Instant.now());
        }
        for (int i = statuses.size() - 1; i >= 0; i--) {
          if (statuses.get(i).equals("in_review")) {
            pending.remove(i);
          }
        }
        Thread.sleep(250);
      }
      Duration recovery = Duration.between(back, Instant.now());
      long duplicated = 0;
      for (long id : ids) {
        int runs = Chaos.runs(id).size();
        int commits = Chaos.commitsOnBranch(id);
        duplicated += Math.max(0, runs - 1) + Math.max(0, commits - 1);
      }
      long stuck =
          pending.stream().filter(id -> Api.status(id).matches("ready|in_progress")).count();
      Chaos.report(
          "broker stopped 30 s during 50 hand-offs",
          recovery,
          pending.size() - stuck,
          duplicated,
          stuck,
          String.format(
              "all %d in review %.1f s after the broker was back (first claim after %.1f s);"
                  + " %d claimed during the outage (safety-net poll off)",
              ISSUES - pending.size(),
              recovery.toMillis() / 1000.0,
              firstClaim == null ? -1 : firstClaim.toMillis() / 1000.0,
              claimedDuringOutage));
      assertEquals(List.of(), pending, "not in review");
      assertEquals(0, duplicated, "issues implemented more than once");
      assertEquals(0, claimedDuringOutage, "work reached the runner without the broker");
    } finally {
      StackResource.stack.startKafka();
      StandaloneRunner.stop(runner, Duration.ofSeconds(10));
    }
  }
}
