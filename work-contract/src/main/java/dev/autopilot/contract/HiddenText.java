package dev.autopilot.contract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Characters a reader does not see but a model, a terminal or a bidi renderer acts on. One
 * definition for both sides: the api-service strips them from people's text when it is stored, the
 * runner strips them again before the text reaches a prompt, and both make them visible ({@code
 * <U+202E>}) in file names and patches, where the committed bytes must be shown, not dropped.
 */
public final class HiddenText {

  // C0/C1 controls except \t and \n; soft hyphen; Mongolian vowel separator; zero-width space;
  // LRM/RLM; bidi embeddings, overrides and isolates; word joiner and
  // invisible operators; variation selectors (and their supplement); BOM; interlinear annotation;
  // tag characters (invisible ASCII). ZWJ/ZWNJ stay in text: emoji and scripts need them.
  private static final String HIDDEN_CLASS =
      "\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F\\u00AD\\u180E\\u200B\\u200E\\u200F\\u202A-\\u202E"
          + "\\u2060-\\u2064\\u2066-\\u206F\\uFE00-\\uFE0F\\uFEFF\\uFFF9-\\uFFFB"
          + "\\x{E0000}-\\x{E007F}\\x{E0100}-\\x{E01EF}";

  /** What {@link #strip} removes. */
  public static final Pattern HIDDEN = Pattern.compile("[" + HIDDEN_CLASS + "]");

  // In a file name even an invisible joiner, a filler or an odd space makes two names look alike.
  private static final Pattern UNSEEN =
      Pattern.compile(
          "["
              + HIDDEN_CLASS
              + "\\u00A0\\u034F\\u115F\\u1160\\u2000-\\u200A\\u200C\\u200D\\u2028\\u2029"
              + "\\u202F\\u205F\\u3000\\u3164\\uFFA0]");

  /**
   * How {@link #visible} writes a character ({@code <U+202E>}) and the runner a byte that is not
   * UTF-8 ({@code <0xFF>}); what the board marks.
   */
  public static final Pattern MARK = Pattern.compile("<U\\+[0-9A-F]{4,6}>|<0x[0-9A-F]{2}>");

  private HiddenText() {}

  /** {@code text} without hidden characters; null stays null. */
  public static String strip(String text) {
    return text == null ? null : HIDDEN.matcher(text).replaceAll("");
  }

  /**
   * {@code text} with every hidden or look-alike character written as {@code <U+XXXX>} (newlines
   * and tabs kept, CRLF read as a newline). Idempotent: what it writes is plain ASCII.
   */
  public static String visible(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = UNSEEN.matcher(text.replace("\r\n", "\n"));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, String.format("<U+%04X>", m.group().codePointAt(0)));
    }
    return m.appendTail(out).toString();
  }

  /** Whether {@code text} holds a character {@link #visible} would write as a mark. */
  public static boolean hasUnseen(String text) {
    return text != null && UNSEEN.matcher(text).find();
  }
}
