package dev.autopilot.contract;

import java.time.Instant;

/**
 * Value of a message on {@code autopilot.work} (key: {@code <project>/<issue id>}, e.g. {@code
 * shop/4711}; the id alone from an api-service older than projects). It is a wake-up, not a lease:
 * the receiver claims through the API, which picks the most urgent, oldest ready issue, so a
 * duplicate or stale message costs one refused claim and nothing else.
 *
 * @param v schema version of this record, {@link #VERSION}
 * @param issueId the issue that became ready
 * @param attempt how many times it was claimed before
 * @param priority its priority
 * @param readyAt when it became ready
 * @param project the key of the issue's project (null from an api-service older than projects): a
 *     runner that does not serve it skips the message without a claim
 */
public record WorkAvailable(
    int v, long issueId, int attempt, Priority priority, Instant readyAt, String project) {

  /** Current schema version. */
  public static final int VERSION = 1;

  /** Kafka topic the api-service publishes to and runners consume. */
  public static final String TOPIC = "autopilot.work";
}
