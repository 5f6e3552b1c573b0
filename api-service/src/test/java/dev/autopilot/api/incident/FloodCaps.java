package dev.autopilot.api.incident;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Small flood limits, so tests reach them in a few requests. */
public class FloodCaps implements QuarkusTestProfile {

  static final int NEW_GROUPS = 5;
  static final long STORED_BYTES = 200_000;
  static final int UNKNOWN_KEYS = 5;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "autopilot.incidents.new-groups-per-hour", Integer.toString(NEW_GROUPS),
        "autopilot.incidents.max-stored-bytes", Long.toString(STORED_BYTES),
        "autopilot.incidents.stored-bytes-sync", "1s",
        "autopilot.incidents.unknown-keys-per-minute", Integer.toString(UNKNOWN_KEYS));
  }
}
