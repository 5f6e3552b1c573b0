package dev.autopilot.api.issue;

import dev.autopilot.api.problem.ProblemException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lower-case wire names for enums, with a 400 that lists the accepted values on a bad one. */
final class Wire {

  private Wire() {}

  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    if (value != null) {
      for (E candidate : type.getEnumConstants()) {
        if (of(candidate).equalsIgnoreCase(value.trim())) {
          return candidate;
        }
      }
    }
    List<String> accepted = Arrays.stream(type.getEnumConstants()).map(Wire::of).toList();
    throw new ProblemException(
        400,
        "validation",
        "Invalid request",
        "Invalid value for field '" + field + "'; accepted: " + String.join(", ", accepted) + ".",
        Map.of("errors", List.of(Map.of("field", field, "message", "must be one of " + accepted))));
  }
}
