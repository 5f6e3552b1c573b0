package dev.autopilot.api.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A large OIDC session is split into {@code q_session_board_chunk_1}, {@code _2}, ... (its tokens
 * may sit in {@code _at} and {@code _rt}): sign-out expires every piece the browser sends, beside
 * the base names, so no piece of a session outlives it.
 */
@QuarkusTest
class SignOutTest {

  @OidcWireMock WireMockServer oidc;

  @Test
  void signOutExpiresEverySessionCookieTheBrowserHolds() {
    CookieFilter browser = new CookieFilter();
    String csrf = signIn(browser);

    // Pieces of an earlier, larger session still in the browser beside the current one.
    Response r =
        given()
            .filter(browser)
            .header("X-CSRF-Token", csrf)
            .cookie("q_session_board_chunk_1", "part-one")
            .cookie("q_session_board_chunk_2", "part-two")
            .cookie("q_session_board_chunk_3", "part-three")
            .cookie("q_session_board_at", "access-token")
            .cookie("theme", "dark")
            .delete("/api/autopilot/session");
    r.then().statusCode(204);

    Map<String, String> set = new TreeMap<>();
    for (String header : r.getHeaders().getValues("Set-Cookie")) {
      set.put(header.substring(0, header.indexOf('=')), header);
    }
    assertEquals(
        List.of(
            "autopilot-csrf",
            "autopilot-session",
            "q_session_board",
            "q_session_board_at",
            "q_session_board_chunk_1",
            "q_session_board_chunk_2",
            "q_session_board_chunk_3"),
        List.copyOf(set.keySet()),
        "every session cookie, and no other (theme)");
    set.forEach(
        (name, header) -> {
          assertTrue(header.startsWith(name + "=;"), "emptied: " + header);
          assertTrue(header.contains("Max-Age=0"), "expired: " + header);
          assertTrue(header.contains("Path=/"), "on the path it was set for: " + header);
        });
    given().filter(browser).get("/api/autopilot/session").then().statusCode(401);
  }

  /** Signs the browser in to the board through the mock provider's code flow; its CSRF token. */
  private String signIn(CookieFilter browser) {
    // The mock provider makes its code-flow access token once, at its start, valid five minutes;
    // a suite runs longer: this test asks for a token of its own time.
    oidc.stubFor(
        WireMock.post("/auth/realms/quarkus/token")
            .withRequestBody(WireMock.containing("authorization_code"))
            .willReturn(
                WireMock.aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\""
                            + OidcWiremockTestResource.getAccessToken(
                                "alice", Set.of("reviewer", "viewer"))
                            + "\",\"refresh_token\":\"07e08903-1263-4dd1-9fd1-4a59b0db5283\","
                            + "\"id_token\":\"{{basic-scheme-id-token 'alice'}}\"}")
                    .withTransformers("response-template")));
    Response toProvider = given().filter(browser).redirects().follow(false).get("/autopilot/login");
    URI authorize = URI.create(toProvider.getHeader("Location"));
    String query = authorize.getRawQuery();
    Response back =
        given()
            .redirects()
            .follow(false)
            .queryParam("state", param(query, "state"))
            .queryParam(
                "redirect_uri",
                URLDecoder.decode(param(query, "redirect_uri"), StandardCharsets.UTF_8))
            .get(authorize.getScheme() + "://" + authorize.getAuthority() + "/login");
    given()
        .filter(browser)
        .redirects()
        .follow(false)
        .get(back.getHeader("Location"))
        .then()
        .statusCode(302);
    Response me = given().filter(browser).get("/api/autopilot/session");
    me.then().statusCode(200);
    return me.getCookie("autopilot-csrf");
  }

  private static String param(String query, String name) {
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " missing in " + query);
  }
}
