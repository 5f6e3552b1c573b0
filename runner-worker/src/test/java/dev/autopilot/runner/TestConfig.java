package dev.autopilot.runner;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** A {@link RunnerConfig} from plain settings, for tests and runners outside Quarkus. */
public final class TestConfig {

  private TestConfig() {}

  public static RunnerConfig of(Map<String, String> settings) {
    return new SmallRyeConfigBuilder()
        .withMapping(RunnerConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(settings, "test", 500))
        .build()
        .getConfigMapping(RunnerConfig.class);
  }
}
