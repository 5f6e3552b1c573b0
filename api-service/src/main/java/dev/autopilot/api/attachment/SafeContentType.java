package dev.autopilot.api.attachment;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides how an uploaded file may be served. Only formats a browser cannot execute script from are
 * shown inline; everything else (HTML, SVG, XML, JavaScript, unknown) is a download.
 */
public final class SafeContentType {

  private static final Set<String> INLINE =
      Set.of(
          "image/png",
          "image/jpeg",
          "image/gif",
          "image/webp",
          "image/avif",
          "video/mp4",
          "video/webm",
          "application/pdf");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

  private SafeContentType() {}

  /** A bare, well-formed media type, or {@code application/octet-stream}. */
  public static String normalise(String declared) {
    if (declared == null) {
      return "application/octet-stream";
    }
    String bare = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return MEDIA_TYPE.matcher(bare).matches() ? bare : "application/octet-stream";
  }

  /** Whether the type may be rendered by the browser on our origin. */
  public static boolean isInline(String contentType) {
    return INLINE.contains(contentType);
  }
}
