package dev.autopilot.api.issue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What sort of work an issue is; {@code FEEDBACK} comes from the public ingress. */
public enum IssueKind {
  FEATURE,
  BUG,
  CHORE,
  FEEDBACK;

  @JsonValue
  public String wire() {
    return Wire.of(this);
  }

  @JsonCreator
  public static IssueKind parse(String value) {
    return Wire.parse(IssueKind.class, "kind", value);
  }
}
