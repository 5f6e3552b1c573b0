package dev.autopilot.api.issue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Urgency; runners take the most urgent, oldest ready issue first. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT;

  @JsonValue
  public String wire() {
    return Wire.of(this);
  }

  @JsonCreator
  public static Priority parse(String value) {
    return Wire.parse(Priority.class, "priority", value);
  }
}
