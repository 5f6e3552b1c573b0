package dev.autopilot.contract;

/**
 * {@code POST …/claims/{claim}/release}: the runner gives a claim back unfinished (it is shutting
 * down), so the issue returns to the queue now instead of after the lease expires.
 *
 * @param fencingToken the claim's token
 * @param reason why, shown on the thread
 */
public record Release(long fencingToken, String reason) {}
