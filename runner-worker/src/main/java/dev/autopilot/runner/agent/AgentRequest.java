package dev.autopilot.runner.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * One agent run.
 *
 * @param worktree the only directory the agent may edit
 * @param prompt the full prompt (sent on stdin)
 * @param configDir private home/config directory of this agent sessions
 * @param resumeSession a previous session to resume, or null
 * @param timeout wall-clock limit
 * @param grace time between SIGINT and killing the process tree
 * @param cancelled polled; true stops the run
 * @param events receives progress as it happens
 * @param costs receives the session's estimated cost in USD each time it grows
 * @param tmp the run's /tmp on its slot disk, or null for a sized tmpfs of the sandbox's own
 */
public record AgentRequest(
    Path worktree,
    String prompt,
    Path configDir,
    String resumeSession,
    Duration timeout,
    Duration grace,
    BooleanSupplier cancelled,
    Consumer<AgentEvent> events,
    DoubleConsumer costs,
    Path tmp) {

  /** A request whose cost estimates nobody reads, with the sandbox's own /tmp. */
  public AgentRequest(
      Path worktree,
      String prompt,
      Path configDir,
      String resumeSession,
      Duration timeout,
      Duration grace,
      BooleanSupplier cancelled,
      Consumer<AgentEvent> events) {
    this(
        worktree,
        prompt,
        configDir,
        resumeSession,
        timeout,
        grace,
        cancelled,
        events,
        c -> {},
        null);
  }
}
