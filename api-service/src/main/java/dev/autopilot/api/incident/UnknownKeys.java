package dev.autopilot.api.incident;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.autopilot.api.problem.ProblemException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Looking up DSN keys that are not in the key cache, per client address: each lookup takes a token
 * of the address's bucket ({@code unknown-keys-per-minute}) and a key that turns out to exist gives
 * it back, so only unknown (or revoked) keys use the budget. Past it the key is not looked up at
 * all. Unknown keys are never cached, so guessing cannot push good keys out of the key cache; the
 * buckets themselves are bounded and expire.
 */
@ApplicationScoped
public class UnknownKeys {

  private final Cache<Long, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  private final IncidentConfig config;

  public UnknownKeys(IncidentConfig config) {
    this.config = config;
  }

  /** Takes a lookup for {@code client}, or throws a 429 problem when it has none left. */
  void take(String client) {
    if (!bucket(client).tryConsume(1)) {
      throw new ProblemException(
              429,
              "rate-limited",
              "Too many unknown keys",
              "This address sent too many DSN keys that do not exist; retry later.")
          .header("Retry-After", 60);
    }
  }

  /** Gives the lookup back: the key existed. */
  void known(String client) {
    bucket(client).addTokens(1);
  }

  private Bucket bucket(String client) {
    int rate = Math.max(1, config.unknownKeysPerMinute());
    return buckets.get(
        key(client),
        k ->
            Bucket.builder()
                .addLimit(
                    Bandwidth.builder()
                        .capacity(rate)
                        .refillGreedy(rate, Duration.ofMinutes(1))
                        .build())
                .build());
  }

  /** An IPv4 address, or the IPv6 /64 (its first 8 bytes): one bucket per /64. */
  static long key(String address) {
    byte[] raw = literal(address);
    if (raw == null) {
      return address == null ? 0 : address.hashCode();
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
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
