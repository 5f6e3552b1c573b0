package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectKeys;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * An issue as a path names it: its ref ({@code SHOP-12}, any case) or its global id ({@code 4711}),
 * which the API still accepts. JAX-RS builds it from the path segment through {@link #valueOf}.
 *
 * @param id the global id, or null when named by ref
 * @param ref the ref in upper case, or null when named by id
 */
public record IssueRef(Long id, String ref) {

  /** Parses a path segment; anything else names no issue (404). */
  public static IssueRef valueOf(String raw) {
    String s = raw == null ? "" : raw.strip();
    if (!s.isEmpty() && s.length() <= 18 && s.chars().allMatch(Character::isDigit)) {
      return new IssueRef(Long.parseLong(s), null);
    }
    Matcher m = ProjectKeys.REF.matcher(s);
    if (m.matches()) {
      return new IssueRef(null, s.toUpperCase(Locale.ROOT));
    }
    throw ProblemException.notFound("No issue is named '" + shorten(s) + "'.");
  }

  @Override
  public String toString() {
    return id != null ? Long.toString(id) : ref;
  }

  private static String shorten(String s) {
    String printable = s.replaceAll("[^A-Za-z0-9 _.-]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
