package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.contract.HiddenText;
import java.nio.charset.StandardCharsets;

/**
 * Normalises text that comes from people (and from the public internet): strips control and
 * invisible formatting characters that can hide or reorder text (bidi overrides, zero-width spaces,
 * tag characters, variation selectors: {@link HiddenText}), keeps newlines and tabs. It never
 * escapes: rendering is the board's job.
 */
public final class UntrustedText {

  /** Largest issue or comment body, in UTF-8 bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** Appended to text {@link #capped} cut. */
  public static final String CUT = "\n[… cut: too long]";

  private UntrustedText() {}

  /** Multi-line text with hidden characters removed and line endings normalised. */
  public static String clean(String text) {
    if (text == null) {
      return null;
    }
    return HiddenText.strip(text.replace("\r\n", "\n").replace('\r', '\n'));
  }

  /** A single line: hidden characters removed, whitespace runs collapsed, trimmed. */
  public static String line(String text) {
    String cleaned = clean(text);
    return cleaned == null ? null : cleaned.replaceAll("\\s+", " ").strip();
  }

  /**
   * Cleaned text cut to at most {@code maxBytes} of UTF-8, on a character boundary, with a note
   * that it was cut: for text a machine sends (a run's summary), which is kept rather than refused.
   */
  public static String capped(String text, int maxBytes) {
    String cleaned = clean(text);
    if (cleaned == null || cleaned.length() * 3L <= maxBytes) {
      return cleaned;
    }
    byte[] utf8 = cleaned.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= maxBytes) {
      return cleaned;
    }
    int end = maxBytes;
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--; // back to the first byte of the character that would be split
    }
    return new String(utf8, 0, end, StandardCharsets.UTF_8) + CUT;
  }

  /** A body, cleaned and checked against {@link #MAX_BODY_BYTES}. */
  public static String body(String field, String text) {
    String cleaned = clean(text);
    if (cleaned != null && cleaned.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw ProblemException.badRequest(
          "Field '" + field + "' is larger than " + MAX_BODY_BYTES + " bytes of UTF-8.");
    }
    return cleaned;
  }
}
