package dev.autopilot.api.security;

import dev.autopilot.contract.ActorKind;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request as an {@link Actor}. */
@RequestScoped
public class CurrentActor {

  private final SecurityIdentity identity;

  public CurrentActor(SecurityIdentity identity) {
    this.identity = identity;
  }

  /** The caller; runners act as agents, everyone else as a human. */
  public Actor get() {
    ActorKind kind = identity.hasRole(Roles.RUNNER) ? ActorKind.AGENT : ActorKind.HUMAN;
    return new Actor(identity.getPrincipal().getName(), kind);
  }
}
