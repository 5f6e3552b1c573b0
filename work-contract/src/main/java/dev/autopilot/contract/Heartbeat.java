package dev.autopilot.contract;

import java.time.Instant;

/**
 * {@code POST …/claims/{claim}/heartbeat} and its answer.
 *
 * @param fencingToken the claim's token
 * @param leaseSeconds requested extension (bounded by the server)
 * @param costUsd what the run has cost so far, estimated from the agent's token usage; null when
 *     the runner cannot tell. The server stops the run (410) when it takes the issue over its cap.
 */
public record Heartbeat(long fencingToken, Integer leaseSeconds, Double costUsd) {

  /**
   * The extended lease.
   *
   * @param leaseExpiresAt new expiry
   */
  public record Ack(Instant leaseExpiresAt) {}
}
