package dev.autopilot.api.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How callers prove who they are. */
@ConfigMapping(prefix = "autopilot.auth")
public interface AuthConfig {

  /** {@code oidc} (bearer tokens from an identity provider) or {@code local} (generated users). */
  @WithDefault("oidc")
  Mode mode();

  /**
   * Local mode only: properties file holding the generated users; created with owner-only
   * permissions on first start when missing.
   */
  @WithDefault(".autopilot/local-credentials.properties")
  String localCredentialsFile();

  /**
   * Prefix of the roles that grant a role in one project, in the same claim (or local users file)
   * as the global roles: {@code autopilot:shop:reviewer} makes its holder a reviewer of project
   * {@code shop} only.
   */
  @WithDefault("autopilot:")
  String projectRolePrefix();

  /** Authentication modes. */
  enum Mode {
    OIDC,
    LOCAL
  }

  /** The {@code WWW-Authenticate} challenge sent with 401 responses. */
  default String challenge() {
    return mode() == Mode.LOCAL ? "Basic realm=\"autopilot\"" : "Bearer realm=\"autopilot\"";
  }
}
