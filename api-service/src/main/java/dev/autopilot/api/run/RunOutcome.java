package dev.autopilot.api.run;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.autopilot.api.problem.ProblemException;
import java.util.Locale;

/** How a run ended, as the runner reported it (or the reaper decided). */
public enum RunOutcome {
  IMPLEMENTED,
  BLOCKED,
  NO_CHANGES,
  FAILED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunOutcome parse(String value) {
    for (RunOutcome o : values()) {
      if (o.wire().equals(value)) {
        return o;
      }
    }
    throw ProblemException.badRequest(
        "Field 'outcome' must be one of implemented, blocked, no_changes, failed.");
  }
}
