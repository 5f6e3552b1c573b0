package dev.autopilot.api.problem;

/**
 * An error no mapper expected, answered with a 500 and an incident id; fired asynchronously so that
 * recording it (as an incident) never delays or breaks the answer.
 */
public record UnhandledError(String incident, Throwable error, String path) {}
