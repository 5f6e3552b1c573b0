package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.REVIEWER;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Uploads are hostile: they must never run script on our origin. */
@QuarkusTest
class AttachmentTest {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};

  @Test
  void imagesAreServedInlineWithSafeHeaders() {
    long issue = Fixtures.issue("screenshot");
    String url =
        upload(issue, "shot.png", "image/png", PNG)
            .then()
            .statusCode(201)
            .body("filename", equalTo("shot.png"))
            .body("content_type", equalTo("image/png"))
            .body("size_bytes", equalTo(PNG.length))
            .body("inline", equalTo(true))
            .body("created_by", equalTo("test-reviewer"))
            .extract()
            .jsonPath()
            .getString("url");
    byte[] body =
        VIEWER
            .req()
            .get(url)
            .then()
            .statusCode(200)
            .contentType("image/png")
            .header("X-Content-Type-Options", "nosniff")
            .header("Content-Disposition", startsWith("inline;"))
            .header("Content-Security-Policy", containsString("sandbox"))
            .extract()
            .asByteArray();
    assertArrayEquals(PNG, body);
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + issue + "/attachments")
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].url", equalTo(url));
    VIEWER
        .req()
        .get("/api/autopilot/issues/" + issue)
        .then()
        .body("attachments[0].filename", equalTo("shot.png"));
  }

  @Test
  void htmlAndSvgDownloadAndNeverRender() {
    long issue = Fixtures.issue("hostile files");
    for (String[] file :
        new String[][] {
          {"page.html", "text/html", "<script>alert(1)</script>"},
          {"logo.svg", "image/svg+xml", "<svg onload=alert(1)></svg>"},
          {"x.js", "application/javascript", "alert(1)"},
          {"weird", "Text/HTML; x=\"y\"", "<b>hi</b>"}
        }) {
      String url =
          upload(issue, file[0], file[1], file[2].getBytes(StandardCharsets.UTF_8))
              .then()
              .statusCode(201)
              .body("inline", equalTo(false))
              .extract()
              .jsonPath()
              .getString("url");
      VIEWER
          .req()
          .get(url)
          .then()
          .statusCode(200)
          .contentType("application/octet-stream")
          .header("X-Content-Type-Options", "nosniff")
          .header("Content-Disposition", startsWith("attachment;"))
          .header("X-Evil", (String) null);
    }
  }

  @Test
  void namesAreLabelsNotPaths() {
    long issue = Fixtures.issue("traversal");
    upload(issue, "../../etc/passwd", "text/plain", "x".getBytes())
        .then()
        .statusCode(201)
        .body("filename", equalTo("passwd"));
  }

  @Test
  void oversizedUploadsAre413AndStoreNothing() {
    long issue = Fixtures.issue("too big");
    upload(issue, "big.bin", "application/octet-stream", new byte[1024 * 1024 + 1])
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    assertEquals(0, TestDb.count("select count(*) from attachment where issue_id = ?", issue));
  }

  @Test
  void missingFileUnknownIssueAndUnknownUploadAreProblems() {
    long issue = Fixtures.issue("no file");
    REVIEWER
        .req()
        .multiPart("other", "x")
        .post("/api/autopilot/issues/" + issue + "/attachments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    upload(999_999_999L, "a.txt", "text/plain", "a".getBytes()).then().statusCode(404);
    // A file name with a line break breaks the multipart headers: a 400, not a 500.
    upload(issue, "a\nb.txt", "text/plain", "a".getBytes())
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    VIEWER.req().get("/api/autopilot/uploads/" + UUID.randomUUID()).then().statusCode(404);
  }

  private static Response upload(long issue, String name, String type, byte[] data) {
    return REVIEWER
        .req()
        .multiPart("file", name, data, type)
        .post("/api/autopilot/issues/" + issue + "/attachments");
  }
}
