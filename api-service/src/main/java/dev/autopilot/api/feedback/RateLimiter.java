package dev.autopilot.api.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window request counter per client address, in memory (per api-service instance). Bounded:
 * expired windows are swept when the map grows, so a flood of spoofed addresses cannot exhaust
 * memory.
 */
@ApplicationScoped
public class RateLimiter {

  private static final int SWEEP_ABOVE = 50_000;

  private final FeedbackConfig config;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(long startNanos, int count) {}

  public RateLimiter(FeedbackConfig config) {
    this.config = config;
  }

  /** Counts a request; empty when allowed, else how long the client should wait. */
  public Optional<Duration> acquire(String client) {
    long now = System.nanoTime();
    long window = config.rateWindow().toNanos();
    if (windows.size() > SWEEP_ABOVE) {
      windows.values().removeIf(w -> now - w.startNanos() >= window);
    }
    Window w =
        windows.compute(
            client,
            (k, old) ->
                old == null || now - old.startNanos() >= window
                    ? new Window(now, 1)
                    : new Window(old.startNanos(), old.count() + 1));
    if (w.count() <= config.rateLimit()) {
      return Optional.empty();
    }
    long waitNanos = window - (now - w.startNanos());
    return Optional.of(Duration.ofNanos(Math.max(waitNanos, 1_000_000_000L)));
  }
}
