package dev.autopilot.api.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The signature and the Slack escapes, without a container. */
class WebhookSignerTest {

  @Test
  void signaturesMatchTheStandardWebhooksTestVector() {
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
  }

  @Test
  void slackControlsInUntrustedTextAreEscaped() {
    assertEquals(
        "&lt;!channel&gt; &amp; &lt;https://x|y&gt;",
        NotificationFormat.escape("<!channel> & <https://x|y>"));
  }
}
