package dev.autopilot.api.issue;

import dev.autopilot.api.security.Actor;

/**
 * Text a reviewer gave with a move (an answer, re-run instructions): fired in the move's
 * transaction, and the comment package posts it to the thread the agents read.
 */
public record InstructionsGiven(long issueId, Actor actor, String text) {}
