package dev.autopilot.api.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kind of author of a comment or status change. */
public enum ActorKind {
  HUMAN,
  AGENT,
  SYSTEM;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
