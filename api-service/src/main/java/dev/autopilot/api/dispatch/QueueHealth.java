package dev.autopilot.api.dispatch;

import java.time.Instant;

/**
 * How the work queue is doing, for the board: a queue nobody takes from usually means no runner is
 * running (or none can reach the broker), which a reviewer otherwise cannot tell.
 *
 * @param ready issues runners may claim now
 * @param running issues in progress
 * @param oldestReadyAt when the longest-waiting claimable issue became ready (null: none)
 * @param stalled issues have waited past {@code autopilot.dispatch.stall-after} and none is in
 *     progress: no runner is taking work
 */
public record QueueHealth(long ready, long running, Instant oldestReadyAt, boolean stalled) {}
