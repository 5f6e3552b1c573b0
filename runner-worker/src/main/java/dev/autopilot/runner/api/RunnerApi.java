package dev.autopilot.runner.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.contract.Heartbeat;
import dev.autopilot.contract.ProgressBatch;
import dev.autopilot.contract.Release;
import dev.autopilot.contract.RunReport;
import dev.autopilot.runner.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The runner-facing API of the api-service; the runner has no other way to its data. */
@ApplicationScoped
public class RunnerApi {

  private static final String CLAIMS = "/api/autopilot/runner/claims";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;
  private final ApiCredentials credentials;
  private final ObjectMapper json;

  public RunnerApi(RunnerConfig config, ApiCredentials credentials, ObjectMapper json) {
    this.base = config.api().url().replaceAll("/+$", "");
    this.credentials = credentials;
    this.json = json;
  }

  /** The api-service refused a request as invalid: sending it again cannot help. */
  public static final class Refused extends IllegalStateException {
    Refused(String message) {
      super(message);
    }
  }

  /** What a heartbeat learned. */
  public enum Lease {
    HELD,
    CANCELLED,
    LOST
  }

  /** Claims work: empty when nothing is claimable. Throws when the API cannot be reached. */
  public Optional<ClaimGrant> claim(ClaimRequest request) {
    HttpResponse<String> r = post(CLAIMS, request);
    if (r.statusCode() == 200) {
      return Optional.of(read(r.body(), ClaimGrant.class));
    }
    if (r.statusCode() == 204 || r.statusCode() == 409) {
      return Optional.empty();
    }
    throw new IllegalStateException("claim failed: HTTP " + r.statusCode() + " " + r.body());
  }

  /** Extends the lease; says whether the claim is still ours. */
  public Lease heartbeat(String claim, long fencingToken, int leaseSeconds) {
    HttpResponse<String> r =
        post(CLAIMS + "/" + claim + "/heartbeat", new Heartbeat(fencingToken, leaseSeconds));
    return switch (r.statusCode()) {
      case 200 -> Lease.HELD;
      case 410 -> Lease.CANCELLED;
      case 404, 409 -> Lease.LOST;
      default -> throw new IllegalStateException("heartbeat failed: HTTP " + r.statusCode());
    };
  }

  /** Sends progress lines; best effort. */
  public void progress(String claim, ProgressBatch batch) {
    post(CLAIMS + "/" + claim + "/events", batch);
  }

  /** Reports the end of a run; false when the server refused it as stale or cancelled. */
  public boolean report(String claim, RunReport report) {
    HttpResponse<String> r = post(CLAIMS + "/" + claim + "/result", report);
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 409 || r.statusCode() == 410 || r.statusCode() == 404) {
      return false;
    }
    if (r.statusCode() == 400 || r.statusCode() == 413 || r.statusCode() == 422) {
      throw new Refused("report refused: HTTP " + r.statusCode() + " " + r.body());
    }
    throw new IllegalStateException("report failed: HTTP " + r.statusCode() + " " + r.body());
  }

  /** Gives an unfinished claim back so its issue is queued again now; false when already over. */
  public boolean release(String claim, long fencingToken, String reason) {
    HttpResponse<String> r =
        post(CLAIMS + "/" + claim + "/release", new Release(fencingToken, reason));
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 409 || r.statusCode() == 410 || r.statusCode() == 404) {
      return false;
    }
    throw new IllegalStateException("release failed: HTTP " + r.statusCode() + " " + r.body());
  }

  private HttpResponse<String> post(String path, Object body) {
    HttpResponse<String> r = send(path, body);
    if (r.statusCode() == 401 && credentials.invalidate()) {
      r = send(path, body); // once, with a fresh token
    }
    return r;
  }

  private HttpResponse<String> send(String path, Object body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("Authorization", credentials.header())
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private <T> T read(String body, Class<T> type) {
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
