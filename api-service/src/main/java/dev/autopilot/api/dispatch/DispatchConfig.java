package dev.autopilot.api.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Claims, leases and publishing work to runners. */
@ConfigMapping(prefix = "autopilot.dispatch")
public interface DispatchConfig {

  /** Lease a claim gets when the runner does not ask for one; runners heartbeat well within it. */
  @WithDefault("60s")
  Duration lease();

  /** Longest lease a runner may ask for. */
  @WithDefault("10m")
  Duration maxLease();

  /** How often expired leases are looked for. */
  @WithDefault("5s")
  Duration reaperInterval();

  /**
   * Transient failures (model API overloaded or rate-limiting, network drops) in a row that send
   * the issue back to ready by itself; the next one goes to blocked.
   */
  @WithDefault("3")
  int maxTransientRetries();

  /** Wait before the first transient retry; each further one waits four times longer. */
  @WithDefault("30s")
  Duration transientBackoff();

  /** After this many claims without a report the issue goes to blocked instead of ready. */
  @WithDefault("3")
  int maxAttempts();

  /** Largest patch kept with a run, in bytes; longer patches are truncated and flagged. */
  @WithDefault("1048576")
  int maxPatchBytes();

  /** Most progress events kept per run; later ones are counted but dropped. */
  @WithDefault("20000")
  int maxEventsPerRun();

  /** How often the outbox relay looks for unsent rows when nothing woke it. */
  @WithDefault("1s")
  Duration relayPollInterval();

  /** How long the relay waits for the broker to acknowledge a batch before retrying it. */
  @WithDefault("10s")
  Duration relayAckTimeout();

  /** Threads that run claims; concurrent claims for the best candidate share one statement. */
  @WithDefault("2")
  int claimWriters();

  /** Most claims answered by one statement. */
  @WithDefault("32")
  int claimBatchSize();

  /**
   * The board warns that no runner is taking work when issues have been ready this long while none
   * is in progress.
   */
  @WithDefault("2m")
  Duration stallAfter();

  /**
   * How long the board keeps naming a runner that claimed work without its OS sandbox ({@code
   * AUTOPILOT_AGENT_SANDBOX=off}); a run still going is named however old it is.
   */
  @WithDefault("24h")
  Duration unsandboxedWarning();

  /** How long outbox rows are kept after the broker acknowledged them; unsent rows stay. */
  @WithDefault("7d")
  Duration outboxRetention();

  /**
   * How long the progress events (the live log) of a finished run are kept; the run itself, with
   * its outcome, summary and patch, stays.
   */
  @WithDefault("90d")
  Duration eventRetention();
}
