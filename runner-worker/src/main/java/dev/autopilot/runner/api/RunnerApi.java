package dev.autopilot.runner.api;

import dev.autopilot.contract.ClaimGrant;
import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.contract.Heartbeat;
import dev.autopilot.contract.ProgressBatch;
import dev.autopilot.contract.Release;
import dev.autopilot.contract.RunReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The runner-facing API of the api-service, with what each answer means to the runner; the runner
 * has no other way to its data. Unreachable or failing calls throw.
 */
@ApplicationScoped
public class RunnerApi {

  private final RunnerClient client;
  private final RunnerAuth auth;

  public RunnerApi(@RestClient RunnerClient client, RunnerAuth auth) {
    this.client = client;
    this.auth = auth;
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

  /** Claims work: empty when nothing is claimable. */
  public Optional<ClaimGrant> claim(ClaimRequest request) {
    try (Response r = send(() -> client.claim(request))) {
      return switch (r.getStatus()) {
        case 200 -> Optional.of(r.readEntity(ClaimGrant.class));
        case 204, 409 -> Optional.empty();
        default -> throw failed("claim", r);
      };
    }
  }

  /** Extends the lease; says whether the claim is still ours. */
  public Lease heartbeat(String claim, long fencingToken, int leaseSeconds, Double costUsd) {
    try (Response r =
        send(() -> client.heartbeat(claim, new Heartbeat(fencingToken, leaseSeconds, costUsd)))) {
      return switch (r.getStatus()) {
        case 200 -> Lease.HELD;
        case 410 -> Lease.CANCELLED;
        case 404, 409 -> Lease.LOST;
        default -> throw failed("heartbeat", r);
      };
    }
  }

  /**
   * Sends progress lines: true once the server has them (or refused them as invalid, so they are
   * never resent), false when the claim is over; throws while the server cannot be reached.
   */
  public boolean progress(String claim, ProgressBatch batch) {
    try (Response r = send(() -> client.progress(claim, batch))) {
      return switch (r.getStatus()) {
        case 200, 400, 413, 422 -> true;
        case 404, 409, 410 -> false;
        default -> throw failed("progress", r);
      };
    }
  }

  /** Reports the end of a run; false when the server refused it as stale or cancelled. */
  public boolean report(String claim, RunReport report) {
    try (Response r = send(() -> client.report(claim, report))) {
      return switch (r.getStatus()) {
        case 200 -> true;
        case 404, 409, 410 -> false;
        case 400, 413, 422 -> throw new Refused("report refused: " + describe(r));
        default -> throw failed("report", r);
      };
    }
  }

  /** Gives an unfinished claim back so its issue is queued again now; false when already over. */
  public boolean release(String claim, long fencingToken, String reason) {
    try (Response r = send(() -> client.release(claim, new Release(fencingToken, reason)))) {
      return switch (r.getStatus()) {
        case 200 -> true;
        case 404, 409, 410 -> false;
        default -> throw failed("release", r);
      };
    }
  }

  // A refused token (revoked, or the provider rotated its keys) is replaced by the next call:
  // that one call is made again at once. Basic credentials (local mode) are never retried.
  private Response send(Supplier<Response> call) {
    Response r = call.get();
    if (r.getStatus() == 401 && auth.oidc()) {
      r.close();
      r = call.get();
    }
    return r;
  }

  private static IllegalStateException failed(String what, Response r) {
    return new IllegalStateException(what + " failed: " + describe(r));
  }

  private static String describe(Response r) {
    String body = r.hasEntity() ? r.readEntity(String.class) : "";
    return "HTTP " + r.getStatus() + (body.isBlank() ? "" : " " + body);
  }
}
