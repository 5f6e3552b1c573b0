package dev.autopilot.api.security;

import dev.autopilot.contract.ActorKind;

/** Who did something: taken from the authenticated identity, never from a request body. */
public record Actor(String name, ActorKind kind) {

  /** The service itself (lease expiry, feedback ingress). */
  public static final Actor SYSTEM = new Actor("autopilot", ActorKind.SYSTEM);

  /** Anonymous public feedback; the self-declared name is stored separately as unverified. */
  public static final Actor FEEDBACK = new Actor("feedback", ActorKind.SYSTEM);
}
