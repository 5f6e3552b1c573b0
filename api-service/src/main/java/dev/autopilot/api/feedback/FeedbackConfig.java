package dev.autopilot.api.feedback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The public feedback ingress. */
@ConfigMapping(prefix = "autopilot.feedback")
public interface FeedbackConfig {

  /** Largest accepted request body in bytes; larger bodies get 413. */
  @WithDefault("16384")
  int maxBodyBytes();

  /** Requests one client address may make per {@link #rateWindow()} before getting 429. */
  @WithDefault("10")
  int rateLimit();

  /** The rate-limit window. */
  @WithDefault("1m")
  Duration rateWindow();

  /**
   * Origins (for example {@code https://shop.example.com}) whose pages may post feedback from the
   * browser; {@code *} allows any. Unset: same origin only.
   */
  Optional<List<String>> allowedOrigins();

  /** Identical message and page within this window are merged into one issue. */
  @WithDefault("10m")
  Duration dedupeWindow();

  /** Name of the honeypot field: invisible to people, filled in by bots; such posts are dropped. */
  @WithDefault("website")
  String honeypotField();

  /** Threads that store queued feedback, each in its own group-commit transaction. */
  @WithDefault("4")
  int writers();

  /** Most submissions stored in one transaction. */
  @WithDefault("64")
  int batchSize();

  /** Submissions waiting to be stored before new ones get 503. */
  @WithDefault("10000")
  int queueCapacity();
}
