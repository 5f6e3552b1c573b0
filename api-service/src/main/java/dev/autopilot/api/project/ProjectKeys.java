package dev.autopilot.api.project;

import dev.autopilot.api.problem.ProblemException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Project keys and issue refs: {@code shop} in URLs, {@code SHOP-12} on issues and branches. */
public final class ProjectKeys {

  /** Two to ten lower-case letters and digits, starting with a letter (Jira's shape). */
  public static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]{1,9}");

  /** An issue ref, {@code SHOP-12}: the key (any case) and the number in the project. */
  public static final Pattern REF = Pattern.compile("([A-Za-z][A-Za-z0-9]{1,9})-([0-9]{1,15})");

  private ProjectKeys() {}

  /** The key in its stored (lower-case) form. */
  public static String normal(String key) {
    return key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
  }

  /** The key, checked: a 400 problem unless it has the key's shape. */
  public static String valid(String key) {
    String k = normal(key);
    if (!KEY.matcher(k).matches()) {
      throw ProblemException.badRequest(
          "A project key is 2 to 10 letters and digits, starting with a letter (e.g. 'shop').");
    }
    return k;
  }

  /** The project key a stored ref starts with, lower-case. */
  public static String keyOf(String ref) {
    int dash = ref.lastIndexOf('-');
    return dash < 0 ? "" : ref.substring(0, dash).toLowerCase(Locale.ROOT);
  }
}
