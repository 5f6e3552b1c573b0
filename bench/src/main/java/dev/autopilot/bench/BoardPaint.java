package dev.autopilot.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.autopilot.launcher.LocalStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The board's first paint with 100,000 issues: a reviewer's signed-in browser (Debian's Chromium,
 * headless) loads {@code /autopilot/} again and again; measured from navigation start to the first
 * card in the DOM, and to every column showing its server-side count.
 */
final class BoardPaint {

  record Result(long issues, Stats firstCard, Stats allColumns) {
    @Override
    public String toString() {
      return String.format(
          "%,d issues: first card %s; all six columns counted %s", issues, firstCard, allColumns);
    }
  }

  // Runs before the page's own scripts: notes when the first card and the last column count land.
  private static final String PROBE =
      """
      new MutationObserver((_, observer) => {
        if (!window.__firstCard && document.querySelector('.card')) {
          window.__firstCard = performance.now();
        }
        const counts = [...document.querySelectorAll('.column .count')]
            .filter(c => c.textContent.trim() !== '');
        if (!window.__allColumns && counts.length >= 6) window.__allColumns = performance.now();
        if (window.__firstCard && window.__allColumns) observer.disconnect();
      }).observe(document, { childList: true, subtree: true, characterData: true });
      """;

  private final LocalStack stack;

  BoardPaint(LocalStack stack) {
    this.stack = stack;
  }

  Result run(int issues, int loads) throws Exception {
    long total = seed(issues);
    try (Playwright playwright =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser =
            playwright
                .chromium()
                .launch(
                    new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu")))) {
      // The board's CSP forbids eval, which Playwright's string predicates use; the page's own
      // scripts load and run the same either way.
      BrowserContext context =
          browser.newContext(new Browser.NewContextOptions().setBypassCSP(true));
      Page page = context.newPage();
      page.navigate(stack.baseUrl() + "/autopilot/login");
      page.fill("input[name=j_username]", "reviewer");
      page.fill("input[name=j_password]", stack.password("reviewer"));
      page.click("button[type=submit]");
      page.waitForURL("**/autopilot/**");
      context.addInitScript(PROBE);
      List<Long> first = new ArrayList<>();
      List<Long> all = new ArrayList<>();
      for (int i = 0; i < loads + 2; i++) {
        page.navigate(stack.baseUrl() + "/autopilot/");
        page.waitForFunction("window.__firstCard && window.__allColumns");
        if (i >= 2) { // two unmeasured loads warm the server and the browser cache
          first.add(millisToNanos(page.evaluate("window.__firstCard")));
          all.add(millisToNanos(page.evaluate("window.__allColumns")));
        }
      }
      return new Result(
          total,
          Stats.ofNanos(first.stream().mapToLong(Long::longValue).toArray()),
          Stats.ofNanos(all.stream().mapToLong(Long::longValue).toArray()));
    }
  }

  private static long millisToNanos(Object millis) {
    return (long) (((Number) millis).doubleValue() * 1_000_000);
  }

  private long seed(int issues) throws Exception {
    try (Connection c = stack.connectDb()) {
      c.createStatement()
          .execute(
              "insert into issue (title, body, status, kind, priority, created_by)"
                  + " select 'Board paint issue ' || g, 'A body with some words ' || g,"
                  + " (array['BACKLOG','READY','IN_PROGRESS','BLOCKED','IN_REVIEW','DONE'])[1 + g % 6],"
                  + " 'FEATURE', 'NORMAL', 'bench' from generate_series(1, "
                  + issues
                  + ") g");
      c.createStatement().execute("vacuum analyze issue");
      try (ResultSet rs = c.createStatement().executeQuery("select count(*) from issue")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
