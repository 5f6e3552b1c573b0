package dev.autopilot.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.Outcome;
import dev.autopilot.contract.Priority;
import dev.autopilot.contract.RunReport;
import dev.autopilot.contract.WorkIssue;
import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.TestConfig;
import dev.autopilot.runner.api.RunnerApi;
import dev.autopilot.runner.api.StandInApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A finished job's report survives an api-service restart, and a refused one is not resent. */
@QuarkusTest
@WithTestResource(value = StandInApi.class)
class ReportDeliveryTest {

  private static final ClaimGrant GRANT =
      new ClaimGrant(
          "c1",
          7,
          1,
          Instant.now(),
          new WorkIssue(
              1, "t", "b", IssueKind.BUG, Priority.NORMAL, null, List.of(), "SHOP-1", "shop"),
          null,
          null);
  private static final RunReport REPORT =
      new RunReport(
          7,
          Outcome.NO_CHANGES,
          null,
          null,
          null,
          "nothing to do",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);

  @Inject RunnerApi api;

  @BeforeEach
  void reset() {
    StandInApi.reset();
  }

  @Test
  void aReportIsRetriedUntilTheApiServiceIsBack() {
    StandInApi.reportAnswers.addAll(List.of(503, 503));
    job("1m").deliver(GRANT, REPORT);
    assertEquals(3, StandInApi.reports.get(), "two refusals while it restarted, then delivered");
  }

  @Test
  void anInvalidReportIsNotSentAgain() {
    StandInApi.reportAnswers.add(400);
    job("1m").deliver(GRANT, REPORT);
    assertEquals(1, StandInApi.reports.get());
  }

  @Test
  void retriesStopWhenThePatienceIsSpent() {
    for (int i = 0; i < 100; i++) {
      StandInApi.reportAnswers.add(503);
    }
    long start = System.nanoTime();
    job("2s").deliver(GRANT, REPORT);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(
        StandInApi.reports.get() >= 2 && StandInApi.reports.get() <= 3,
        "attempts: " + StandInApi.reports.get());
    assertTrue(millis < 5_000, "gave up after " + millis + " ms");
  }

  private Job job(String patience) {
    RunnerConfig config = TestConfig.of(Map.of("autopilot.api.report-patience", patience));
    return new Job(config, api, null, null);
  }
}
