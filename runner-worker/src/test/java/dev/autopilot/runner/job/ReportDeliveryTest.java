package dev.autopilot.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.Outcome;
import dev.autopilot.contract.Priority;
import dev.autopilot.contract.RunReport;
import dev.autopilot.contract.WorkIssue;
import dev.autopilot.runner.RunnerConfig;
import dev.autopilot.runner.TestConfig;
import dev.autopilot.runner.api.ApiCredentials;
import dev.autopilot.runner.api.RunnerApi;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A finished job's report survives an api-service restart, and a refused one is not resent. */
class ReportDeliveryTest {

  private static final ClaimGrant GRANT =
      new ClaimGrant(
          "c1",
          7,
          1,
          Instant.now(),
          new WorkIssue(1, "t", "b", IssueKind.BUG, Priority.NORMAL, null, List.of()),
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
          null);

  private final Deque<Integer> answers = new ArrayDeque<>();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/autopilot/runner/claims/c1/result",
        exchange -> {
          calls.incrementAndGet();
          Integer status = answers.poll();
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status == null ? 200 : status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aReportIsRetriedUntilTheApiServiceIsBack() {
    answers.addAll(List.of(503, 503));
    job("1m").deliver(GRANT, REPORT);
    assertEquals(3, calls.get(), "two refusals while it restarted, then delivered");
  }

  @Test
  void anInvalidReportIsNotSentAgain() {
    answers.add(400);
    job("1m").deliver(GRANT, REPORT);
    assertEquals(1, calls.get());
  }

  @Test
  void retriesStopWhenThePatienceIsSpent() {
    for (int i = 0; i < 100; i++) {
      answers.add(503);
    }
    long start = System.nanoTime();
    job("2s").deliver(GRANT, REPORT);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(calls.get() >= 2 && calls.get() <= 3, "attempts: " + calls.get());
    assertTrue(millis < 5_000, "gave up after " + millis + " ms");
  }

  private Job job(String patience) {
    RunnerConfig config =
        TestConfig.of(
            Map.of(
                "autopilot.api.url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "autopilot.api.user",
                "runner",
                "autopilot.api.password",
                "secret",
                "autopilot.api.report-patience",
                patience));
    ObjectMapper json = new ObjectMapper();
    return new Job(
        config, new RunnerApi(config, new ApiCredentials(config, json), json), null, null);
  }
}
