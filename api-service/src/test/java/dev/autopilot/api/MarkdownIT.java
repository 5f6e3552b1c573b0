package dev.autopilot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The board's markdown module in a real Chromium, without the api-service: a loopback server hands
 * out the board's files and the vendored libraries from the class path, as the service would.
 */
class MarkdownIT {

  private static HttpServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static Page page;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", MarkdownIT::serve);
    server.start();
    playwright = dev.autopilot.api.testing.Browser.playwright();
    browser = dev.autopilot.api.testing.Browser.launch(playwright);
    page = browser.newPage();
    page.navigate("http://127.0.0.1:" + server.getAddress().getPort() + "/test.html");
    page.waitForFunction("() => window.render !== undefined");
  }

  @AfterAll
  static void stop() {
    browser.close();
    playwright.close();
    server.stop(0);
  }

  @Test
  void rendersWhatPeopleWrite() {
    String html =
        render(
            "## Steps\n\n1. open `/board`\n2. click **Save**\n\n"
                + "| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n\n~~gone~~ [docs](https://example.com)");
    for (String part :
        List.of(
            "<h2>Steps</h2>",
            "<ol>",
            "<code>/board</code>",
            "<strong>Save</strong>",
            "<table>",
            "<blockquote>",
            "<del>gone</del>",
            "<a href=\"https://example.com\" rel=\"noopener noreferrer\" target=\"_blank\">docs</a>")) {
      assertTrue(html.contains(part), part + " in " + html);
    }
  }

  @Test
  void rawHtmlIsShownAsText() {
    String html = render("before <img src=x onerror=window.__xss=1> after <b>bold</b>");
    assertTrue(html.contains("&lt;img src=x onerror=window.__xss=1&gt;"), html);
    assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt;"), html);
  }

  @Test
  void onlyWebAndMailLinksSurvive() {
    Map<String, String> links =
        Map.of(
            "[a](javascript:window.__xss=1)", "<p>a</p>",
            "[a](data:text/html,<script>1</script>)", "<p>a</p>",
            "[a](vbscript:x)", "<p>a</p>",
            "[a](mailto:x@example.com)",
                "<a href=\"mailto:x@example.com\" rel=\"noopener noreferrer\" target=\"_blank\">a</a>",
            "![shot](https://example.com/x.png)",
                "<a href=\"https://example.com/x.png\" rel=\"noopener noreferrer\" target=\"_blank\">shot</a>");
    links.forEach(
        (source, expected) ->
            assertTrue(render(source).contains(expected), source + " -> " + render(source)));
  }

  @Test
  void noHostilePayloadBecomesMarkup() {
    for (String payload : BoardXssIT.PAYLOADS) {
      render(payload + "\n\n" + payload);
      Object found =
          page.evaluate(
              "() => [...document.querySelectorAll('#out .markdown *')].filter(e =>"
                  + " !['P','BR','A','CODE','PRE','EM','STRONG','DEL','UL','OL','LI','H1','H2','H3',"
                  + "'H4','H5','H6','BLOCKQUOTE','HR','TABLE','THEAD','TBODY','TR','TH','TD']"
                  + ".includes(e.tagName) || [...e.attributes].some(a => !['href','title','start',"
                  + "'rel','target'].includes(a.name))).map(e => e.outerHTML)");
      assertEquals(List.of(), found, payload);
    }
    assertEquals(null, page.evaluate("() => window.__xss"));
  }

  private static String render(String markdown) {
    return (String) page.evaluate("s => window.render(s)", markdown);
  }

  private static final String TEST_PAGE =
      "<!doctype html><div id=out></div><script type=module>"
          + "import { renderMarkdown } from '/autopilot/markdown.js';"
          + "window.render = s => { const out = document.getElementById('out');"
          + " out.replaceChildren(renderMarkdown(s)); return out.firstChild.innerHTML; };"
          + "</script>";

  private static void serve(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    String type = "text/javascript";
    if (path.equals("/test.html")) {
      body = TEST_PAGE.getBytes(StandardCharsets.UTF_8);
      type = "text/html";
    } else {
      try (InputStream in =
          MarkdownIT.class.getClassLoader().getResourceAsStream("META-INF/resources" + path)) {
        if (in == null || path.contains("..")) {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
          return;
        }
        body = in.readAllBytes();
      }
    }
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
