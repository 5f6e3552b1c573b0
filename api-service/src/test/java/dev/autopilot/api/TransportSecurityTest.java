package dev.autopilot.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Behind a TLS-terminating proxy (test: loopback is the trusted proxy) every response carries HSTS
 * and every cookie is Secure; over plain HTTP neither.
 */
@QuarkusTest
class TransportSecurityTest {

  @Test
  void httpsAtTheProxyMeansHstsAndSecureCookies() {
    Response tls =
        given()
            .header("X-Forwarded-Proto", "https")
            .redirects()
            .follow(false)
            .get("/autopilot/login");
    assertEquals(302, tls.statusCode());
    assertEquals("max-age=31536000; includeSubDomains", tls.header("Strict-Transport-Security"));
    List<String> cookies = tls.headers().getValues("Set-Cookie");
    assertFalse(cookies.isEmpty(), "the code flow sets its state cookie");
    cookies.forEach(c -> assertTrue(c.toLowerCase().contains("; secure"), c));

    Response plain = given().redirects().follow(false).get("/autopilot/login");
    assertNull(plain.header("Strict-Transport-Security"));
    plain.headers().getValues("Set-Cookie").forEach(c -> assertFalse(c.contains("Secure"), c));
    // The header names the scheme the client used only when a trusted proxy set it first.
    assertNull(
        given()
            .header("X-Forwarded-Proto", "http, https")
            .get("/q/health/live")
            .header("Strict-Transport-Security"));
  }
}
