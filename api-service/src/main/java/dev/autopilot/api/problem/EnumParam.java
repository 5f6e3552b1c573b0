package dev.autopilot.api.problem;

import dev.autopilot.contract.Wire;
import java.util.List;
import java.util.Map;

/** Reads an enum from a query parameter by its wire name, with the same 400 as a JSON body. */
public final class EnumParam {

  private EnumParam() {}

  /** The constant named {@code value}; a 400 listing the accepted names otherwise. */
  public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    return Wire.find(type, value).orElseThrow(() -> notOneOf(type, field));
  }

  /** The 400 for a value that names no constant of {@code type}. */
  public static ProblemException notOneOf(Class<?> type, String field) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<String> accepted = Wire.names((Class) type);
    return new ProblemException(
        400,
        "validation",
        "Invalid request",
        "Invalid value for field '" + field + "'; accepted: " + String.join(", ", accepted) + ".",
        Map.of("errors", List.of(Map.of("field", field, "message", "must be one of " + accepted))));
  }
}
