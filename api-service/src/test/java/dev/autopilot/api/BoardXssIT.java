package dev.autopilot.api;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.autopilot.api.testing.BrowserTest;
import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile text everywhere the board shows text: none of it may become markup or run. */
@QuarkusTest
class BoardXssIT extends BrowserTest {

  static final List<String> PAYLOADS =
      List.of(
          "<script>window.__xss=1</script>",
          "<img src=x onerror=window.__xss=1>",
          "<svg onload=window.__xss=1>",
          "<svg><script>window.__xss=1</script></svg>",
          "<iframe src=javascript:window.__xss=1>",
          "<body onload=window.__xss=1>",
          "<a href=javascript:window.__xss=1>click</a>",
          "[click](javascript:window.__xss=1)",
          "[click](JaVaScRiPt:window.__xss=1)",
          "[click](data:text/html,<script>window.__xss=1</script>)",
          "[click](vbscript:msgbox(1))",
          "![img](x\" onerror=\"window.__xss=1)",
          "<details open ontoggle=window.__xss=1>",
          "<input autofocus onfocus=window.__xss=1>",
          "<video><source onerror=window.__xss=1></video>",
          "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
          "\"><script>window.__xss=1</script>",
          "'><img src=x onerror=window.__xss=1>",
          "</textarea><script>window.__xss=1</script>",
          "</title><script>window.__xss=1</script>",
          "<object data=javascript:window.__xss=1>",
          "<embed src=javascript:window.__xss=1>",
          "<form action=javascript:window.__xss=1><button>x</button></form>",
          "<base href=javascript:/a/>",
          "<meta http-equiv=refresh content=0;url=javascript:window.__xss=1>",
          "<link rel=import href=data:text/html,<script>window.__xss=1</script>>",
          "<style>@import 'javascript:window.__xss=1';</style>",
          "<div style=\"background:url(javascript:window.__xss=1)\">",
          "`<img src=x onerror=window.__xss=1>`",
          "**<img src=x onerror=window.__xss=1>**",
          "*<svg onload=window.__xss=1>*",
          "# <script>window.__xss=1</script>",
          "- <img src=x onerror=window.__xss=1>",
          "```\n</code></pre><img src=x onerror=window.__xss=1>\n```",
          "[<img src=x onerror=window.__xss=1>](https://example.com)",
          "[ok](https://example.com\" onmouseover=\"window.__xss=1)",
          "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
          "&lt;script&gt;window.__xss=1&lt;/script&gt;",
          "\u003cscript\u003ewindow.__xss=1\u003c/script\u003e",
          "<IMG SRC=\"jav&#x09;ascript:window.__xss=1\">",
          "<img src=`x` onerror=window.__xss=1>",
          "<marquee onstart=window.__xss=1>",
          "<audio src=x onerror=window.__xss=1>",
          "<keygen autofocus onfocus=window.__xss=1>",
          "<select autofocus onfocus=window.__xss=1>",
          "<template><img src=x onerror=window.__xss=1></template>",
          "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=1>\">",
          "javascript:window.__xss=1",
          "{{constructor.constructor('window.__xss=1')()}}",
          "${window.__xss=1}");

  @Test
  void fiftyPayloadsInEveryFieldNeverBecomeMarkup() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < PAYLOADS.size(); i++) {
      String p = PAYLOADS.get(i);
      long id =
          Fixtures.issue(
              Map.of("title", "x" + i + " " + p, "body", p + "\n\n" + p, "hand_off", true));
      Caller.REVIEWER
          .req()
          .contentType(ContentType.JSON)
          .body(Map.of("body", p))
          .post("/api/autopilot/issues/" + id + "/comments")
          .then()
          .statusCode(201);
      Caller.REVIEWER
          .req()
          .multiPart(
              "file",
              p.replace('/', '_').replace('\n', ' '),
              p.getBytes(StandardCharsets.UTF_8),
              "text/html")
          .post("/api/autopilot/issues/" + id + "/attachments")
          .then()
          .statusCode(201);
      ids.add(id);
    }
    // Agent output is hostile too: a live log line and a branch name.
    Runner.Claim claim = Runner.mustClaim(ids.get(0), 600);
    Runner.events(claim, PAYLOADS.stream().map(p -> Map.of("kind", "text", "text", p)).toList());

    Page page = signIn();
    List<String> problems = new ArrayList<>();
    page.onDialog(d -> problems.add("dialog: " + d.message()));
    page.onConsoleMessage(
        m -> {
          if (m.text().contains("Content Security Policy")) {
            problems.add("csp: " + m.text());
          }
        });
    page.fill("#search", "x");
    for (long id : ids) {
      page.navigate(base + "autopilot/?issue=" + id);
      assertThat(page.locator("#drawer .comment")).not().hasCount(0);
      if (id == ids.get(0)) {
        assertThat(page.locator("#live-log div")).hasCount(PAYLOADS.size());
      }
      problems.addAll(dangerous(page));
    }
    assertEquals(List.of(), problems);
    assertEquals(null, page.evaluate("() => window.__xss"));
  }

  @SuppressWarnings("unchecked")
  static List<String> dangerous(Page page) {
    return (List<String>)
        page.evaluate(
            "() => [...document.querySelectorAll('#board *, #drawer *')]"
                + ".filter(e => ['SCRIPT','IFRAME','OBJECT','EMBED','SVG','STYLE','BASE','META','LINK','FORM','TEMPLATE','VIDEO','AUDIO','MARQUEE','DETAILS','MATH'].includes(e.tagName.toUpperCase())"
                + " || [...e.attributes].some(a => a.name.startsWith('on') || a.name === 'style' && !e.matches('img'))"
                + " || (e.tagName === 'A' && !/^(https?:|mailto:|\\/api\\/autopilot\\/uploads\\/)/i.test(e.getAttribute('href') || ''))"
                + " || (e.tagName === 'IMG' && !/^\\/api\\/autopilot\\/uploads\\//.test(e.getAttribute('src') || '')))"
                + ".map(e => e.outerHTML.slice(0, 200))");
  }
}
