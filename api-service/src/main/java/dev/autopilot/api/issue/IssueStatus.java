package dev.autopilot.api.issue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where an issue is in the loop. The legal moves between them live in {@link Move}. */
public enum IssueStatus {
  BACKLOG,
  READY,
  IN_PROGRESS,
  BLOCKED,
  IN_REVIEW,
  DONE;

  @JsonValue
  public String wire() {
    return Wire.of(this);
  }

  @JsonCreator
  public static IssueStatus parse(String value) {
    return Wire.parse(IssueStatus.class, "status", value);
  }
}
