package dev.autopilot.api.testing;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real Chromium (the Debian package) driven by Playwright; installed with apt when missing. */
public final class Browser {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private Browser() {}

  /** Starts Playwright and a headless Chromium with the flags this closed network needs. */
  public static com.microsoft.playwright.Browser launch(Playwright playwright) {
    ensureChromium();
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(
                    List.of(
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync")));
  }

  public static Playwright playwright() {
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  private static synchronized void ensureChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    try {
      Process p =
          new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium").inheritIO().start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isExecutable(CHROMIUM)) {
        throw new IllegalStateException("apt-get install chromium failed");
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "The board tests need Debian's chromium (apt-get install chromium, as root)", e);
    }
  }
}
