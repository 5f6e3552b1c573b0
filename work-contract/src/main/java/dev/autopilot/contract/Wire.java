package dev.autopilot.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one naming rule for the contract's enums on the wire: the constant's name in lower case
 * ({@code NO_CHANGES} is {@code no_changes}), read back ignoring case. Both services configure
 * their JSON mapper to the same rule; this class is for the places JSON does not reach (query
 * parameters, log lines, comments).
 */
public final class Wire {

  private Wire() {}

  /**
   * The wire name of a constant; {@code unknown} for null, which is how a reader holds a constant
   * only a newer peer knows.
   */
  public static String of(Enum<?> value) {
    return value == null ? "unknown" : value.name().toLowerCase(Locale.ROOT);
  }

  /** The constant with this wire name, ignoring case and surrounding blanks. */
  public static <E extends Enum<E>> Optional<E> find(Class<E> type, String value) {
    if (value == null) {
      return Optional.empty();
    }
    String wanted = value.strip();
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> of(e).equalsIgnoreCase(wanted))
        .findFirst();
  }

  /**
   * Sets a JSON mapper to the rule: enums written in lower case and read ignoring case; a number is
   * never read as a constant's position; an unknown name reads as the enum's
   * {@code @JsonEnumDefaultValue} where it has one (a newer runner's failure reason is still a
   * failure). Both services call it on their mapper.
   */
  @SuppressWarnings("deprecation") // the builder form needs a mapper the frameworks let us build
  public static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
        .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
        .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
        .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE, true);
  }

  /** Every wire name of an enum, in declaration order. */
  public static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Wire::of).toList();
  }
}
