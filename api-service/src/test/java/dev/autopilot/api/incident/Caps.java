package dev.autopilot.api.incident;

import java.time.Duration;
import java.util.Optional;

/** Incident settings for plain unit tests: the defaults, with the rate and burst given. */
record Caps(int eventsPerMinute, int burst) implements IncidentConfig {

  static Caps defaults() {
    return new Caps(600, 200);
  }

  public int bytesPerToken() {
    return 16_384;
  }

  public int newGroupsPerHour() {
    return 100;
  }

  public long maxStoredBytes() {
    return 268_435_456L;
  }

  public Duration storedBytesSync() {
    return Duration.ofSeconds(10);
  }

  public int unknownKeysPerMinute() {
    return 30;
  }

  public int maxBodyBytes() {
    return 1_048_576;
  }

  public int maxDecompressedBytes() {
    return 8_388_608;
  }

  public int writers() {
    return 4;
  }

  public int batchSize() {
    return 64;
  }

  public int queueCapacity() {
    return 10_000;
  }

  public boolean ownErrors() {
    return true;
  }

  public String ownRelease() {
    return "test";
  }

  public Duration bodyRefresh() {
    return Duration.ofSeconds(5);
  }

  public Duration eventRetention() {
    return Duration.ofDays(30);
  }

  public Optional<String> publicUrl() {
    return Optional.empty();
  }
}
