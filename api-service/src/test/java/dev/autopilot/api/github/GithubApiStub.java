package dev.autopilot.api.github;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitHub's team membership endpoint on the loopback address, as documented: {@code 200} with the
 * membership's {@code state} for a member, {@code 404} for anyone else. {@code flaky-member} gets a
 * {@code 500}; the stub can be taken down (connection refused) and brought back on its port.
 */
public class GithubApiStub implements QuarkusTestResourceLifecycleManager {

  static final String TEAM = "autopilot-test/reviewers";
  static final String TOKEN = "github_pat_11TEST0example";

  /** One question as asked. */
  record Asked(String path, String authorization, String accept, String apiVersion) {}

  private static final Set<String> ACTIVE =
      Set.of("team-member", "cached-member", "later-member", "rotated-member");
  private static final List<Asked> ASKED = new ArrayList<>();
  private static HttpServer server;
  private static boolean running;
  private static int port;
  private static Path tokenFile;

  @Override
  public synchronized Map<String, String> start() {
    try {
      tokenFile = Files.createTempFile("github-token", "");
      token(TOKEN + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    up();
    return Map.of(
        "autopilot.github.trusted-teams",
        TEAM,
        "autopilot.github.api-url",
        "http://127.0.0.1:" + port + "/",
        "autopilot.github.token-file",
        tokenFile.toString(),
        "autopilot.github.api-timeout",
        "2s");
  }

  /** Starts (or restarts) the stub on its port. */
  static synchronized void up() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getAddress().getPort();
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          var headers = exchange.getRequestHeaders();
          synchronized (ASKED) {
            ASKED.add(
                new Asked(
                    path,
                    headers.getFirst("Authorization"),
                    headers.getFirst("Accept"),
                    headers.getFirst("X-GitHub-Api-Version")));
          }
          String prefix = "/orgs/autopilot-test/teams/reviewers/memberships/";
          String login = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
          String state =
              ACTIVE.contains(login) ? "active" : login.equals("pending-member") ? "pending" : null;
          int status = login.equals("flaky-member") ? 500 : state == null ? 404 : 200;
          String body =
              state == null
                  ? "{\"message\":\"Not Found\"}"
                  : "{\"url\":\"https://api.github.com/teams/1/memberships/"
                      + login
                      + "\",\"role\":\"member\",\"state\":\""
                      + state
                      + "\"}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    running = true;
  }

  /** Stops the stub: questions meet a refused connection until {@link #up()}. */
  static synchronized void down() {
    server.stop(0);
    running = false;
  }

  /** Writes the token file, as whatever refreshes an installation token would. */
  static void token(String token) throws IOException {
    Files.writeString(tokenFile, token);
  }

  /** The questions asked about {@code login} so far. */
  static List<Asked> askedAbout(String login) {
    synchronized (ASKED) {
      return ASKED.stream().filter(a -> a.path().endsWith("/memberships/" + login)).toList();
    }
  }

  @Override
  public synchronized void stop() {
    if (running) {
      down();
    }
    try {
      Files.deleteIfExists(tokenFile);
    } catch (IOException e) {
      // a temporary file; the OS cleans it up
    }
  }
}
