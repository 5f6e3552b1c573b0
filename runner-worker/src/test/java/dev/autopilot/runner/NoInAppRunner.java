package dev.autopilot.runner;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The in-app runner stays idle, so runners started as separate processes get every issue. */
public class NoInAppRunner implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("autopilot.runner", "false");
  }
}
