package dev.autopilot.api.run;

import dev.autopilot.contract.HiddenText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file names of a run's diff that a reviewer could misread: ones holding a character nobody
 * sees (written {@code <U+202E>} when the report was stored, {@link HiddenText#visible}), a byte
 * that is not UTF-8 ({@code <0xFF>}), or a control character git quoted ({@code "a\tb"}).
 */
public final class DiffNames {

  private static final int MAX_NAMES = 50;
  private static final Pattern SAME = Pattern.compile("a/(.*) b/\\1");

  private DiffNames() {}

  /** Such names from a diff stat and a patch (either may be null), each once, in order. */
  public static List<String> suspicious(String diffStat, String patch) {
    Set<String> names = new LinkedHashSet<>();
    if (patch != null) {
      for (String line : patch.split("\n")) {
        if (line.startsWith("diff --git ")) {
          String both = line.substring("diff --git ".length());
          Matcher same = SAME.matcher(both);
          add(names, same.matches() ? same.group(1) : both);
        }
      }
    }
    if (diffStat != null) {
      for (String line : diffStat.split("\n")) {
        int bar = line.lastIndexOf(" | ");
        if (bar > 0) {
          add(names, line.substring(0, bar).strip());
        }
      }
    }
    return names.stream().limit(MAX_NAMES).toList();
  }

  private static void add(Set<String> names, String name) {
    if (HiddenText.MARK.matcher(name).find() || name.contains("\"")) {
      names.add(name);
    }
  }
}
