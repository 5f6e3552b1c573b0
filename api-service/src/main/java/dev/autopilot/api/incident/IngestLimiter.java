package dev.autopilot.api.incident;

import dev.autopilot.api.problem.ProblemException;
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
 * per minute. A request takes one token before its body is read; once it is read, its event takes
 * one and every {@code bytes-per-token} bytes one more, so large events cost what they store. The
 * map holds one small bucket per key that has sent, so it is bounded by the keys a reviewer
 * created.
 */
@ApplicationScoped
public class IngestLimiter {

  private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
  private final IncidentConfig config;

  public IngestLimiter(IncidentConfig config) {
    this.config = config;
  }

  /** Takes {@code tokens} from the key's bucket: empty when allowed, else seconds to wait. */
  public OptionalLong take(long keyId, int tokens) {
    Bucket bucket = buckets.computeIfAbsent(keyId, id -> newBucket());
    // More than the bucket holds could never be taken: the most it holds is the price.
    long price = Math.max(1, Math.min(tokens, config.burst() + (long) config.eventsPerMinute()));
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(price);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
  }

  /** Takes {@code tokens}, or throws the 429 that Sentry SDKs back off from. */
  public void require(long keyId, int tokens) {
    OptionalLong wait = take(keyId, tokens);
    if (wait.isPresent()) {
      // 429 the way Sentry answers it, so SDKs back off: Retry-After and X-Sentry-Rate-Limits.
      throw new ProblemException(
              429,
              "rate-limited",
              "Too many events",
              "This key sends too many events or bytes; retry later.")
          .header("Retry-After", wait.getAsLong())
          .header("X-Sentry-Rate-Limits", wait.getAsLong() + "::key");
    }
  }

  /**
   * The tokens a read body costs beyond the one its request took: one for its event and one for
   * every {@code bytes-per-token} bytes.
   */
  public int priceAfterRead(int events, int bytes) {
    return Math.max(0, events + bytes / Math.max(1, config.bytesPerToken()) - 1);
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
