package dev.autopilot.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The board signs in with the authorization-code flow (mock provider) and then uses the API with
 * its session cookie; cookie-authenticated writes need the CSRF token.
 */
@QuarkusTest
class BoardLoginTest {

  @Test
  void codeFlowGivesASessionThatTheApiAccepts() {
    CookieFilter browser = new CookieFilter();
    Response toProvider = given().filter(browser).redirects().follow(false).get("/autopilot/login");
    toProvider.then().statusCode(302).header("Location", containsString("code_challenge="));
    URI authorize = URI.create(toProvider.getHeader("Location"));
    String query = authorize.getRawQuery();
    String state = param(query, "state");
    String redirectUri =
        java.net.URLDecoder.decode(
            param(query, "redirect_uri"), java.nio.charset.StandardCharsets.UTF_8);

    // The mock provider "logs in" and sends the browser back with a code.
    Response back =
        given()
            .redirects()
            .follow(false)
            .queryParam("state", state)
            .queryParam("redirect_uri", redirectUri)
            .get(authorize.getScheme() + "://" + authorize.getAuthority() + "/login");
    String callback = back.getHeader("Location");
    assertNotNull(callback);
    Response landed = given().filter(browser).redirects().follow(false).get(callback);
    landed.then().statusCode(302);
    given()
        .filter(browser)
        .redirects()
        .follow(false)
        .get("/autopilot/login")
        .then()
        .statusCode(303)
        .header("Location", startsWith("http"));

    Response me = given().filter(browser).get("/api/autopilot/session");
    me.then()
        .statusCode(200)
        .body("name", equalTo("alice"))
        .body("roles", hasItem("reviewer"))
        .body("mode", equalTo("oidc"));
    String csrf = me.getCookie("autopilot-csrf");
    assertNotNull(csrf);

    // Reads work with the cookie alone; writes need the echoed token.
    given().filter(browser).get("/api/autopilot/issues").then().statusCode(200);
    given()
        .filter(browser)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "from the board"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:autopilot:problem:csrf-token"));
    given()
        .filter(browser)
        .header("X-CSRF-Token", csrf)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "from the board"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201)
        .body("created_by", equalTo("alice"));
  }

  @Test
  void withoutASessionTheApiSays401NotRedirect() {
    given().redirects().follow(false).get("/api/autopilot/session").then().statusCode(401);
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
