package dev.autopilot.contract;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST …/claims/{claim}/events}: a batch of agent progress for the live view.
 *
 * @param fencingToken the claim's token
 * @param events the batch, oldest first
 */
public record ProgressBatch(long fencingToken, List<Event> events) {

  /**
   * One progress line.
   *
   * @param kind e.g. {@code text}, {@code tool}, {@code edit}, {@code denied}, {@code error}
   * @param text what happened (untrusted: agent output)
   * @param at when
   */
  public record Event(String kind, String text, Instant at) {}
}
