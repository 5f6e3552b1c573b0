package dev.autopilot.api.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The reverse proxies in front of the api-service, and what is sent when TLS ends at one. */
@ConfigMapping(prefix = "autopilot.http")
public interface ProxyConfig {

  /**
   * Addresses (or CIDR ranges) of reverse proxies whose {@code X-Forwarded-For} and {@code
   * X-Forwarded-Proto} are believed. Unset: both are ignored, the peer is the client.
   */
  Optional<List<String>> trustedProxies();

  /** {@code max-age} of the Strict-Transport-Security header sent on TLS requests; 0: none. */
  @WithDefault("365d")
  Duration hstsMaxAge();
}
