package dev.autopilot.api.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who is signed in, sign-in for the board, sign-out. */
@Path("/api/autopilot/session")
public class SessionResource {

  /** Cookie holding the CSRF token the board echoes in {@code X-CSRF-Token}. */
  public static final String CSRF_COOKIE = "autopilot-csrf";

  private static final Set<String> KNOWN_ROLES =
      Set.of(Roles.VIEWER, Roles.REVIEWER, Roles.ADMIN, Roles.RUNNER, Roles.METRICS);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecurityIdentity identity;
  private final AuthConfig auth;

  public SessionResource(SecurityIdentity identity, AuthConfig auth) {
    this.identity = identity;
    this.auth = auth;
  }

  /** The signed-in caller as the board shows it. */
  public record Me(String name, List<String> roles, String mode) {}

  @GET
  @Authenticated
  @Operation(summary = "The signed-in caller; also issues the CSRF cookie the board echoes")
  public Response me(@jakarta.ws.rs.CookieParam(CSRF_COOKIE) String csrf) {
    Set<String> roles = new TreeSet<>(identity.getRoles());
    roles.retainAll(KNOWN_ROLES);
    Response.ResponseBuilder ok =
        Response.ok(
            new Me(
                identity.getPrincipal().getName(),
                List.copyOf(roles),
                auth.mode().name().toLowerCase()));
    if (csrf == null || csrf.length() < 32) {
      ok.cookie(csrfCookie(newToken(), 8 * 3600));
    }
    return ok.build();
  }

  @DELETE
  @Authenticated
  @Operation(summary = "Ends the board session")
  public Response logout(@Context HttpHeaders headers) {
    // A large OIDC session is split into q_session_board_chunk_1, _2, ... (and its tokens may sit
    // in _at and _rt cookies): every one the browser holds is expired, or a left-over chunk would
    // keep part of the session alive.
    Set<String> names =
        new TreeSet<>(List.of(BoardTenantResolver.SESSION_COOKIE, LOCAL_SESSION_COOKIE));
    headers.getCookies().keySet().stream()
        .filter(name -> name.startsWith(BoardTenantResolver.SESSION_COOKIE))
        .forEach(names::add);
    Response.ResponseBuilder gone = Response.noContent();
    names.forEach(name -> gone.cookie(expired(name, true)));
    return gone.cookie(csrfCookie("", 0)).build();
  }

  /** Cookie of the local mode's form login. */
  public static final String LOCAL_SESSION_COOKIE = "autopilot-session";

  private static NewCookie csrfCookie(String value, int maxAge) {
    return new NewCookie.Builder(CSRF_COOKIE)
        .value(value)
        .path("/")
        .maxAge(maxAge)
        .sameSite(NewCookie.SameSite.STRICT)
        .httpOnly(false)
        .build();
  }

  private static NewCookie expired(String name, boolean httpOnly) {
    return new NewCookie.Builder(name).value("").path("/").maxAge(0).httpOnly(httpOnly).build();
  }

  private static String newToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
