package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Caller;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** feedback.js on a page of another origin files an issue that appears on the board live. */
@QuarkusTest
class FeedbackWidgetIT extends BrowserTest {

  /** The other site; its origin is on the test allow-list. */
  static final int SITE_PORT = 18777;

  static HttpServer site;

  @AfterAll
  static void stopSite() {
    if (site != null) {
      site.stop(0);
    }
  }

  @Test
  void aVisitorOnAnotherSiteFilesFeedbackThatAppearsOnTheBoard() throws IOException {
    String api = base.toString().replaceAll("/$", "");
    String project = "widget" + (System.nanoTime() % 1000);
    Caller.ADMIN
        .req()
        .contentType("application/json")
        .body(Map.of("key", project, "name", "Widget site"))
        .post("/api/autopilot/projects")
        .then()
        .statusCode(201);
    startSite(
        "<!doctype html><html><head><style>button{all:unset;color:red;font-size:40px}"
            + " div{display:none !important}</style></head><body><h1>Shop</h1>"
            + "<script src=\""
            + api
            + "/autopilot/feedback.js\" data-api=\""
            + api
            + "\" data-project=\""
            + project
            + "\"></script></body></html>");
    Page board = signIn();
    String message = "Checkout is slow " + System.nanoTime();

    Page shop = chromium.newContext().newPage();
    shop.navigate("http://127.0.0.1:" + SITE_PORT + "/");
    shop.locator("[data-autopilot-feedback] .fab").click();
    shop.locator("[data-autopilot-feedback] textarea[name=message]").fill(message);
    shop.locator("[data-autopilot-feedback] input[name=user]").fill("Ann");
    shop.locator("[data-autopilot-feedback] .send").click();
    assertThat(shop.locator("[data-autopilot-feedback] .status"))
        .hasText("Thanks! Your feedback was received.");

    assertThat(
            board
                .locator(".column[data-status=backlog] .card .title")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(message)))
        .isVisible();
    Caller.VIEWER
        .req()
        .queryParam("project", project)
        .get("/api/autopilot/issues")
        .then()
        .body("items[0].title", equalTo(message))
        .body("items[0].ref", equalTo(project.toUpperCase() + "-1"));
  }

  private static void startSite(String html) throws IOException {
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", SITE_PORT), 0);
    site.createContext(
        "/",
        ex -> {
          byte[] body = html.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    site.start();
  }
}
