package dev.autopilot.api.claim;

import java.time.Instant;
import java.util.List;

/**
 * How the work queue is doing, for the board: a queue nobody takes from usually means no runner is
 * running (or none can reach the broker), which a reviewer otherwise cannot tell.
 *
 * @param ready issues runners may claim now
 * @param running issues in progress
 * @param oldestReadyAt when the longest-waiting claimable issue became ready (null: none)
 * @param stalled issues have waited past {@code autopilot.dispatch.stall-after} and none is in
 *     progress: no runner is taking work
 * @param unsandboxedRunners runners (host part, without {@code /slot-N}) that ran an agent without
 *     its OS sandbox ({@code AUTOPILOT_AGENT_SANDBOX=off}) within {@code
 *     autopilot.dispatch.unsandboxed-warning} or are doing so now, sorted; the board names them
 * @param project the project these figures are about (null: every project the caller reads)
 * @param runners for one project: the runners (hosts) that claimed its issues within the last day,
 *     sorted, so a stall can be told from a project no runner serves; null otherwise
 */
public record QueueHealth(
    long ready,
    long running,
    Instant oldestReadyAt,
    boolean stalled,
    List<String> unsandboxedRunners,
    String project,
    List<String> runners) {}
