package dev.autopilot.api.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.util.Map;
import java.util.Set;

/**
 * The identities tests call the API as: bearer tokens signed with the mock OIDC server's key, roles
 * in Keycloak's {@code realm_access.roles} claim (the production claim path).
 */
public enum Caller {
  ANONYMOUS(null),
  VIEWER(Set.of("viewer")),
  REVIEWER(Set.of("reviewer")),
  ADMIN(Set.of("admin")),
  /** A viewer of the default project only, where the tests' issues are. */
  PROJECT_VIEWER(Set.of("autopilot:default:viewer")),
  /** A reviewer of the default project only. */
  PROJECT_REVIEWER(Set.of("autopilot:default:reviewer")),
  RUNNER(Set.of("runner"));

  private final Set<String> roles;
  private String token;

  Caller(Set<String> roles) {
    this.roles = roles;
  }

  /** A request with this caller's credentials. */
  public RequestSpecification req() {
    RequestSpecification spec = given();
    return roles == null ? spec : spec.auth().oauth2(token());
  }

  /** The user name the server sees. */
  public String userName() {
    return "test-" + name().toLowerCase();
  }

  public synchronized String token() {
    if (token == null) {
      token = tokenFor(userName(), roles);
    }
    return token;
  }

  /** A token for any user and roles. */
  public static String tokenFor(String user, Set<String> roles) {
    return Jwt.preferredUserName(user)
        .subject(user)
        .issuer("https://server.example.com")
        .audience("autopilot-api")
        .claim("realm_access", Map.of("roles", roles))
        .expiresIn(3600)
        .jws()
        .keyId("1")
        .sign("privateKey.jwk");
  }
}
