package dev.autopilot.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.api.testing.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The embedded mode has no identity provider and is still never open. */
@QuarkusTest
@TestProfile(LocalModeTest.Local.class)
class LocalModeTest {

  static final Path CREDENTIALS = tempDir().resolve("local-credentials.properties");

  /**
   * The {@code local} profile, as {@code ./autopilot up} runs it, with a fresh credentials file.
   */
  public static class Local implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "test,local";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("autopilot.auth.local-credentials-file", CREDENTIALS.toString());
    }
  }

  @Test
  void firstStartGeneratesOwnerOnlyCredentialsForEachRole() throws IOException {
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(CREDENTIALS)));
    Properties users = users();
    assertEquals(
        Set.of("admin", "reviewer", "viewer", "runner"),
        users.stringPropertyNames().stream()
            .map(k -> k.substring(0, k.indexOf('.')))
            .collect(java.util.stream.Collectors.toSet()));
    assertEquals(24, users.getProperty("reviewer.password").length());
    assertEquals("admin,reviewer,viewer", users.getProperty("admin.roles"));
  }

  @Test
  void basicCredentialsMapToTheSameRoles() {
    long id =
        as("reviewer")
            .contentType(ContentType.JSON)
            .body(Map.of("title", "local"))
            .post("/api/autopilot/issues")
            .then()
            .statusCode(201)
            .body("created_by", equalTo("reviewer"))
            .extract()
            .jsonPath()
            .getLong("id");
    as("viewer").get("/api/autopilot/issues/" + id).then().statusCode(200);
    as("viewer")
        .contentType(ContentType.JSON)
        .body(Map.of("title", "nope"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(403);
    as("runner").get("/api/autopilot/issues/" + id).then().statusCode(403);
  }

  @Test
  void wrongPasswordsAndForeignTokensAreRefused() {
    given()
        .auth()
        .preemptive()
        .basic("reviewer", "guess")
        .get("/api/autopilot/issues")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", equalTo("Basic realm=\"autopilot\""));
    given().get("/api/autopilot/issues").then().statusCode(401);
    Caller.REVIEWER.req().get("/api/autopilot/issues").then().statusCode(401);
  }

  @Test
  void crossSiteWritesWithAmbientCredentialsAreRefused() {
    as("reviewer")
        .header("Origin", "https://evil.example")
        .contentType(ContentType.JSON)
        .body(Map.of("title", "csrf"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:autopilot:problem:cross-site-request"));
    as("reviewer")
        .header("Sec-Fetch-Site", "cross-site")
        .contentType(ContentType.JSON)
        .body(Map.of("title", "csrf"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(403);
  }

  @Test
  void theBoardSignsInWithAFormAndWritesWithTheCsrfToken() {
    io.restassured.filter.cookie.CookieFilter browser =
        new io.restassured.filter.cookie.CookieFilter();
    given()
        .filter(browser)
        .redirects()
        .follow(false)
        .get("/autopilot/login")
        .then()
        .statusCode(302)
        .header("Location", org.hamcrest.Matchers.endsWith("/autopilot/login.html"));
    given()
        .filter(browser)
        .redirects()
        .follow(false)
        .formParam("j_username", "reviewer")
        .formParam("j_password", users().getProperty("reviewer.password"))
        .post("/j_security_check")
        .then()
        .statusCode(302)
        .cookie("autopilot-session");
    var me = given().filter(browser).get("/api/autopilot/session");
    me.then().statusCode(200).body("name", equalTo("reviewer")).body("mode", equalTo("local"));
    String csrf = me.getCookie("autopilot-csrf");
    given()
        .filter(browser)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "no token"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(403);
    given()
        .filter(browser)
        .header("X-CSRF-Token", csrf)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "with token"))
        .post("/api/autopilot/issues")
        .then()
        .statusCode(201);
    given()
        .redirects()
        .follow(false)
        .formParam("j_username", "reviewer")
        .formParam("j_password", "wrong")
        .post("/j_security_check")
        .then()
        .statusCode(303)
        .header("Location", org.hamcrest.Matchers.endsWith("/autopilot/login.html?error=1"))
        .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
  }

  private static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, users().getProperty(user + ".password"));
  }

  private static Properties users() {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(CREDENTIALS)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("autopilot-local");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
