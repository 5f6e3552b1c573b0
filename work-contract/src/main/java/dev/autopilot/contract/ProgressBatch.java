package dev.autopilot.contract;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST …/claims/{claim}/events}: a batch of agent progress for the live view.
 *
 * @param fencingToken the claim's token
 * @param events the batch, oldest first
 * @param firstSeq the runner's sequence number of the first event (0 for a run's first line): the
 *     server keeps each number once, so a batch resent after an outage is not stored twice; null
 *     (older runners) lets the server number them
 * @param dropped lines the runner has dropped so far because its buffer was full (a total)
 */
public record ProgressBatch(long fencingToken, List<Event> events, Long firstSeq, Long dropped) {

  /**
   * One progress line.
   *
   * @param kind e.g. {@code text}, {@code tool}, {@code edit}, {@code denied}, {@code error}
   * @param text what happened (untrusted: agent output)
   * @param at when
   */
  public record Event(String kind, String text, Instant at) {}
}
