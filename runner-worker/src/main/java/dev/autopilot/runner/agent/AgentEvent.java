package dev.autopilot.runner.agent;

/**
 * A progress line for the live view.
 *
 * @param kind {@code text}, {@code tool}, {@code denied}, {@code error}, {@code system}
 * @param text what happened
 */
public record AgentEvent(String kind, String text) {}
