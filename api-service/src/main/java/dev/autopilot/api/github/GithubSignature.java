package dev.autopilot.api.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body. */
final class GithubSignature {

  private GithubSignature() {}

  /** The header value GitHub sends for this body. */
  static String of(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the header matches, compared in constant time. */
  static boolean matches(String secret, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        of(secret, body).getBytes(StandardCharsets.US_ASCII),
        header.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
