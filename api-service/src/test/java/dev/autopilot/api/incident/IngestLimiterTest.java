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

  private record Caps(int eventsPerMinute, int burst) implements IncidentConfig {
    public int maxBodyBytes() {
      return 1;
    }

    public int maxDecompressedBytes() {
      return 1;
    }

    public boolean ownErrors() {
      return false;
    }

    public String ownRelease() {
      return "";
    }

    public java.time.Duration eventRetention() {
      return java.time.Duration.ZERO;
    }

    public java.util.Optional<String> publicUrl() {
      return java.util.Optional.empty();
    }
  }
}
