package dev.autopilot.contract;

import java.time.Instant;

/**
 * A won claim: the work and the lease. Every later call about it carries {@code fencingToken}; once
 * the lease is lost the token is stale and the server refuses it.
 *
 * @param claimId id of the run this claim started
 * @param fencingToken monotonic token of this claim
 * @param attempt 1 for the first claim of the issue, 2 for the next, …
 * @param leaseExpiresAt heartbeat before this
 * @param issue the issue and its thread (untrusted text)
 * @param previous the issue's previous run, if any (branch and agent session to resume)
 * @param project where the work happens: the project's repository settings (null from an
 *     api-service older than projects: the runner's own repository)
 */
public record ClaimGrant(
    String claimId,
    long fencingToken,
    int attempt,
    Instant leaseExpiresAt,
    WorkIssue issue,
    PreviousRun previous,
    WorkProject project) {}
