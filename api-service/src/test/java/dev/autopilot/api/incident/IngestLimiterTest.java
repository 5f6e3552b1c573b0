package dev.autopilot.api.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-key token bucket, without a container. */
class IngestLimiterTest {

  @Test
  void aKeyGetsItsRatePlusBurstThenWaitsWhileOtherKeysGoOn() {
    IngestLimiter limiter = new IngestLimiter(new Caps(60, 10));
    for (int i = 0; i < 70; i++) {
      assertTrue(limiter.take(1, 1).isEmpty(), "event " + i);
    }
    assertTrue(limiter.take(1, 1).isPresent(), "the 71st event waits");
    assertTrue(limiter.take(1, 1).getAsLong() >= 1);
    assertTrue(limiter.take(2, 1).isEmpty(), "another key is not slowed");
  }

  @Test
  void anEventCostsOneTokenAndOneMoreForEveryBytesPerToken() {
    IngestLimiter limiter = new IngestLimiter(Caps.defaults());
    // Beyond the request's own token, taken before the body is read.
    assertEquals(0, limiter.priceAfterRead(1, 10_000));
    assertEquals(0, limiter.priceAfterRead(0, 100), "a session-only envelope costs its request");
    assertEquals(64, limiter.priceAfterRead(1, 1 << 20));
    assertEquals(512, limiter.priceAfterRead(1, 8 << 20));
  }
}
