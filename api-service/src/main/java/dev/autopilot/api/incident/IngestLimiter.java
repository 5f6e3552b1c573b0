package dev.autopilot.api.incident;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-key event rate: a token bucket per DSN key (Bucket4j), refilled at the configured rate
 * per minute. The map holds one small bucket per key that has sent, so it is bounded by the keys a
 * reviewer created.
 */
@ApplicationScoped
public class IngestLimiter {

  private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
  private final IncidentConfig config;

  public IngestLimiter(IncidentConfig config) {
    this.config = config;
  }

  /** Takes {@code events} from the key's bucket: empty when allowed, else seconds to wait. */
  public OptionalLong take(long keyId, int events) {
    Bucket bucket = buckets.computeIfAbsent(keyId, id -> newBucket());
    ConsumptionProbe probe =
        bucket.tryConsumeAndReturnRemaining(Math.max(1, Math.min(events, config.burst())));
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(config.burst() + config.eventsPerMinute())
                .refillGreedy(config.eventsPerMinute(), Duration.ofMinutes(1))
                .build())
        .build();
  }
}
