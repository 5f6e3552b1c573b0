package dev.autopilot.api.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Roles granted in one project ({@code autopilot:shop:reviewer}) next to the global ones ({@code
 * reviewer}), from the same roles claim. A project role also gives its holder the base role, so the
 * route's {@code @RolesAllowed} lets them in; which issues they then reach is decided per project
 * (global roles reach every project). The split is kept on the identity as {@link #GRANTS}.
 */
@ApplicationScoped
public class ProjectRoles implements SecurityIdentityAugmentor {

  /** Identity attribute holding the caller's {@link Grants}. */
  public static final String GRANTS = "autopilot.grants";

  private static final Set<String> GRANTABLE = Set.of(Roles.VIEWER, Roles.REVIEWER);

  /**
   * What a caller holds: {@code global} roles reach every project, {@code projects} maps a project
   * key to the roles held in it alone.
   */
  public record Grants(Set<String> global, Map<String, Set<String>> projects) {

    /** Whether this caller reads issues of the project with this key. */
    public boolean reads(String key) {
      return global.contains(Roles.VIEWER)
          || global.contains(Roles.REVIEWER)
          || projects.containsKey(key);
    }

    /**
     * Whether this caller writes (creates, edits, comments, moves) in the project with this key.
     */
    public boolean writes(String key) {
      return global.contains(Roles.REVIEWER)
          || projects.getOrDefault(key, Set.of()).contains(Roles.REVIEWER);
    }

    /** Whether this caller reads every project's issues. */
    public boolean readsAll() {
      return global.contains(Roles.VIEWER) || global.contains(Roles.REVIEWER);
    }
  }

  private final Pattern projectRole;

  public ProjectRoles(AuthConfig config) {
    this.projectRole =
        Pattern.compile(
            Pattern.quote(config.projectRolePrefix()) + "([a-z][a-z0-9]{1,9}):([a-z-]+)",
            Pattern.CASE_INSENSITIVE);
  }

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      return Uni.createFrom().item(identity);
    }
    Set<String> global = new HashSet<>();
    Map<String, Set<String>> projects = new HashMap<>();
    for (String role : identity.getRoles()) {
      Matcher m = projectRole.matcher(role);
      if (!m.matches()) {
        global.add(role);
        continue;
      }
      String granted = m.group(2).toLowerCase(Locale.ROOT);
      if (GRANTABLE.contains(granted)) {
        projects
            .computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), k -> new HashSet<>())
            .add(granted);
      }
    }
    QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
    projects.values().forEach(builder::addRoles);
    Map<String, Set<String>> frozen = new HashMap<>();
    projects.forEach((key, roles) -> frozen.put(key, Set.copyOf(roles)));
    builder.addAttribute(GRANTS, new Grants(Set.copyOf(global), Map.copyOf(frozen)));
    return Uni.createFrom().item(builder.build());
  }

  /** The grants of an identity this augmentor saw; nothing for any other (anonymous). */
  public static Grants of(SecurityIdentity identity) {
    Grants grants = identity.getAttribute(GRANTS);
    return grants != null ? grants : new Grants(Set.of(), Map.of());
  }
}
