package dev.autopilot.api.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} and the base64 HMAC-SHA256 of {@code
 * id.timestamp.body}, keyed by the base64 part of a {@code whsec_} secret, so a receiver's existing
 * library verifies what we send.
 */
public final class WebhookSigner {

  private final SecretKeySpec key;

  public WebhookSigner(String secret) {
    String encoded = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    this.key = new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256");
  }

  /** The {@code webhook-signature} header value. */
  public String sign(String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest =
          mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
