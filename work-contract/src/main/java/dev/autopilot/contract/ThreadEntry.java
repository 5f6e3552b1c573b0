package dev.autopilot.contract;

import java.time.Instant;

/**
 * One comment of an issue's thread.
 *
 * @param author who wrote it
 * @param authorKind human, agent or system
 * @param body the text (untrusted)
 * @param at when
 */
public record ThreadEntry(String author, ActorKind authorKind, String body, Instant at) {}
