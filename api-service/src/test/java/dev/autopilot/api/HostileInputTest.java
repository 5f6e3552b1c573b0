package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.Runner.Claim;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bodies are capped from their headers on every spelling of a route's path, before any byte of the
 * body is read; what a runner reports is cut to fixed sizes and kept.
 */
@QuarkusTest
class HostileInputTest {

  @TestHTTPResource("/")
  URI base;

  @Test
  void theFeedbackCapHoldsOnEveryPathFormBeforeTheBodyIsSent() throws Exception {
    for (String path :
        new String[] {
          "/api/autopilot/feedback", "/api/autopilot/%66eedback", "/api/autopilot/%66%65edback"
        }) {
      // Announce 64 MiB and send none of it: the answer comes from the headers alone.
      String head = send("POST", path, "Content-Length: 67108864\r\n", "");
      assertTrue(head.startsWith("HTTP/1.1 413"), path + " → " + head);
      assertTrue(head.contains("application/problem+json"), head);
      String chunked = send("POST", path, "Transfer-Encoding: chunked\r\n", "");
      assertTrue(chunked.startsWith("HTTP/1.1 411"), path + " → " + chunked);
    }
  }

  @Test
  void aRunnerReportAboveItsCapIsRefusedFromItsHeaders() throws Exception {
    long id = Fixtures.issue(Map.of("title", "capped report", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    String auth = "Authorization: Bearer " + Caller.RUNNER.token() + "\r\n";
    String path = "/api/autopilot/runner/claims/" + claim.id() + "/%72esult";
    String head = send("POST", path, auth + "Content-Length: 104857600\r\n", "");
    assertTrue(head.startsWith("HTTP/1.1 413"), head);
    String heartbeat = "/api/autopilot/runner/claims/" + claim.id() + "/heartbeat";
    assertTrue(send("POST", heartbeat, auth + "Content-Length: 1048576\r\n", "").contains(" 413 "));
    Runner.release(claim, "test over").then().statusCode(200);
  }

  @Test
  void everyReportFieldIsCutToItsCapAndKept() {
    long id = Fixtures.issue(Map.of("title", "verbose agent", "hand_off", true));
    Claim claim = Runner.mustClaim(id, 600);
    String huge = "ü".repeat(300_000); // 600 KB of UTF-8 each
    Runner.report(
            claim,
            Map.of(
                "outcome",
                "implemented",
                "branch",
                "autopilot/issue-" + id,
                "commit",
                "abc",
                "summary",
                huge,
                "diff_stat",
                huge,
                "patch",
                "+" + huge + huge))
        .then()
        .statusCode(200);
    JsonPath run = VIEWER.req().get("/api/autopilot/runs/" + claim.id()).jsonPath();
    String summary = run.getString("summary");
    assertTrue(utf8(summary) <= 16 * 1024 + 64, "summary " + utf8(summary));
    assertTrue(summary.endsWith("[… cut: too long]"), "marked as cut");
    assertTrue(summary.startsWith("üüü"), "cut on a character boundary");
    assertTrue(utf8(run.getString("diff_stat")) <= 64 * 1024 + 64);
    assertTrue(run.getBoolean("patch_truncated"));
    JsonPath issue = VIEWER.req().get("/api/autopilot/issues/" + id).jsonPath();
    String comment = issue.getString("comments[-1].body");
    assertTrue(utf8(comment) < 17 * 1024, "the summary comment stays small: " + utf8(comment));
    assertEquals("in_review", issue.getString("status"));
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A raw request (the path exactly as written), returning the status line and headers. */
  private String send(String method, String path, String headers, String body) throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + ":"
                  + base.getPort()
                  + "\r\nContent-Type: application/json\r\n"
                  + headers
                  + "\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        head.write(b);
        if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          break;
        }
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
