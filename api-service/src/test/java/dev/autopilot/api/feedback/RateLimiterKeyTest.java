package dev.autopilot.api.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Which requests share a rate-limit bucket, without a container. */
class RateLimiterKeyTest {

  @Test
  void ipv6ClientsAreChargedPerSlash64() {
    assertEquals(
        RateLimiter.key("2001:db8:1:2::1"), RateLimiter.key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assertNotEquals(RateLimiter.key("2001:db8:1:2::1"), RateLimiter.key("2001:db8:1:3::1"));
  }

  @Test
  void ipv4ClientsArePerAddressAndMappedFormsAreTheSame() {
    assertNotEquals(RateLimiter.key("10.0.0.1"), RateLimiter.key("10.0.0.2"));
    assertEquals(RateLimiter.key("10.0.0.1"), RateLimiter.key("::ffff:10.0.0.1"));
    assertNotEquals(RateLimiter.key("10.0.0.1"), RateLimiter.key("2001:db8::1"));
  }
}
