package dev.autopilot.api.incident;

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
}
