package dev.autopilot.contract;

import java.time.Instant;

/**
 * {@code POST …/claims/{claim}/heartbeat} and its answer.
 *
 * @param fencingToken the claim's token
 * @param leaseSeconds requested extension (bounded by the server)
 */
public record Heartbeat(long fencingToken, Integer leaseSeconds) {

  /**
   * The extended lease.
   *
   * @param leaseExpiresAt new expiry
   */
  public record Ack(Instant leaseExpiresAt) {}
}
