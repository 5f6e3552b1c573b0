package dev.autopilot.api.feedback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The feedback rate limit, shared by every api-service replica: one Bucket4j token bucket per
 * client in PostgreSQL (N requests, refilled all at once per window), keyed by the IPv4 address or
 * the IPv6 /64, so a client rotating addresses inside its /64 gets no fresh limit. This instance
 * keeps a bounded cache of bucket proxies (concurrent requests of one client share a round trip).
 */
@ApplicationScoped
public class RateLimiter {

  private static final Logger LOG = Logger.getLogger(RateLimiter.class);

  private final RateBucketRepository buckets;
  private final BucketConfiguration limit;
  private final Cache<Long, BucketProxy> proxies;

  public RateLimiter(FeedbackConfig config, RateBucketRepository buckets) {
    Duration window = config.rateWindow();
    this.limit =
        BucketConfiguration.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(config.rateLimit())
                    .refillIntervally(config.rateLimit(), window)
                    .build())
            .build();
    this.buckets = buckets;
    this.proxies =
        Caffeine.newBuilder().maximumSize(50_000).expireAfterAccess(window.multipliedBy(2)).build();
  }

  /**
   * Counts a request of {@code client} (an address), off the event loop: empty when allowed, else
   * how long the client should wait. Fails open when the database cannot be reached (the store that
   * follows answers 503 then).
   */
  public CompletionStage<Optional<Duration>> acquire(String client) {
    long key = key(client);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            BucketProxy bucket = proxies.get(key, k -> buckets.proxy(k, limit));
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            return probe.isConsumed()
                ? Optional.<Duration>empty()
                : Optional.of(
                    Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1_000_000_000L)));
          } catch (RuntimeException e) {
            LOG.warnf("Rate limit not checked, request let through (%s)", e.toString());
            return Optional.<Duration>empty();
          }
        },
        Infrastructure.getDefaultWorkerPool());
  }

  /** The bucket of an address: the IPv4 address, or the IPv6 /64 (its first 8 bytes). */
  static long key(String address) {
    byte[] raw = literal(address);
    if (raw == null) {
      return address.hashCode(); // not an address literal ("unknown"): one shared bucket
    }
    // IPv4 keys have their upper 32 bits zero, as only IPv6 prefixes inside the reserved ::/32 do.
    return raw.length == 4
        ? ByteBuffer.wrap(raw).getInt() & 0xFFFF_FFFFL
        : ByteBuffer.wrap(raw, 0, 8).getLong();
  }

  private static byte[] literal(String address) {
    // Only literals: InetAddress.getByName would otherwise resolve host names through DNS.
    if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F:.%]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress(); // ::ffff:a.b.c.d comes as IPv4

    } catch (UnknownHostException e) {
      return null;
    }
  }
}
