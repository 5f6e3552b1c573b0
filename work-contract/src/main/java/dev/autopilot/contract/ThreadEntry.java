package dev.autopilot.contract;

import java.time.Instant;

/**
 * One comment of an issue's thread.
 *
 * @param author who wrote it
 * @param authorKind {@code human|agent|system}
 * @param body the text (untrusted)
 * @param at when
 */
public record ThreadEntry(String author, String authorKind, String body, Instant at) {}
