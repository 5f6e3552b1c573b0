package dev.autopilot.api;

import static dev.autopilot.api.testing.Caller.ADMIN;
import static dev.autopilot.api.testing.Caller.ANONYMOUS;
import static dev.autopilot.api.testing.Caller.PROJECT_REVIEWER;
import static dev.autopilot.api.testing.Caller.PROJECT_VIEWER;
import static dev.autopilot.api.testing.Caller.REVIEWER;
import static dev.autopilot.api.testing.Caller.RUNNER;
import static dev.autopilot.api.testing.Caller.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the published OpenAPI document × every kind of caller. A route without a rule
 * here fails the build, so nobody can add an endpoint without deciding who may call it.
 */
@QuarkusTest
class AuthMatrixTest {

  // Per-project roles open the same routes; which issues they reach is ProjectRolesTest's.
  private static final Set<Caller> READERS =
      EnumSet.of(VIEWER, REVIEWER, PROJECT_VIEWER, PROJECT_REVIEWER);
  private static final Set<Caller> WRITERS = EnumSet.of(REVIEWER, PROJECT_REVIEWER);
  private static final Set<Caller> RUNNERS = EnumSet.of(RUNNER);
  private static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
  private static final Set<Caller> SIGNED_IN = EnumSet.complementOf(EnumSet.of(ANONYMOUS));
  private static final Set<Caller> PROJECT_READERS =
      EnumSet.of(VIEWER, REVIEWER, ADMIN, PROJECT_VIEWER, PROJECT_REVIEWER);
  private static final Set<Caller> ADMINS = EnumSet.of(ADMIN);

  /** Who may call each operation; everyone else gets 401 (anonymous) or 403. */
  private static final Map<String, Set<Caller>> RULES =
      Map.ofEntries(
          Map.entry("GET /api/autopilot/issues", READERS),
          Map.entry("POST /api/autopilot/issues", WRITERS),
          Map.entry("GET /api/autopilot/issues/{id}", READERS),
          Map.entry("PATCH /api/autopilot/issues/{id}", WRITERS),
          Map.entry("POST /api/autopilot/issues/{id}/status", WRITERS),
          Map.entry("GET /api/autopilot/issues/{id}/comments", READERS),
          Map.entry("POST /api/autopilot/issues/{id}/comments", WRITERS),
          Map.entry("GET /api/autopilot/issues/{id}/attachments", READERS),
          Map.entry("POST /api/autopilot/issues/{id}/attachments", WRITERS),
          Map.entry("GET /api/autopilot/uploads/{id}", READERS),
          Map.entry("GET /api/autopilot/session", SIGNED_IN),
          Map.entry("DELETE /api/autopilot/session", SIGNED_IN),
          Map.entry("GET /api/autopilot/issues/{id}/runs", READERS),
          Map.entry("GET /api/autopilot/queue", READERS),
          Map.entry("GET /api/autopilot/runs/{run}", READERS),
          Map.entry("GET /api/autopilot/runs/{run}/events", READERS),
          Map.entry("POST /api/autopilot/runner/claims", RUNNERS),
          Map.entry("POST /api/autopilot/runner/claims/{claim}/heartbeat", RUNNERS),
          Map.entry("POST /api/autopilot/runner/claims/{claim}/events", RUNNERS),
          Map.entry("POST /api/autopilot/runner/claims/{claim}/result", RUNNERS),
          Map.entry("POST /api/autopilot/runner/claims/{claim}/release", RUNNERS),
          Map.entry("GET /api/autopilot/events", READERS),
          Map.entry("GET /api/autopilot/incident-projects", READERS),
          Map.entry("POST /api/autopilot/incident-projects", WRITERS),
          Map.entry("POST /api/autopilot/incident-projects/{id}/keys", WRITERS),
          Map.entry("DELETE /api/autopilot/incident-projects/{id}/keys/{key}", WRITERS),
          Map.entry("GET /api/autopilot/budget", READERS),
          Map.entry("GET /api/autopilot/projects", PROJECT_READERS),
          Map.entry("GET /api/autopilot/projects/{key}", PROJECT_READERS),
          Map.entry("POST /api/autopilot/projects", ADMINS),
          Map.entry("PATCH /api/autopilot/projects/{key}", ADMINS),
          Map.entry("GET /api/autopilot/incidents", READERS),
          Map.entry("GET /api/autopilot/notifications", READERS),
          Map.entry("GET /api/autopilot/incidents/{id}", READERS),
          Map.entry("GET /api/autopilot/incidents/{id}/events", READERS),
          // Only a DSN key opens these (IngestApiTest); no user or runner may send events.
          Map.entry("POST /api/{project}/envelope", Set.of()),
          Map.entry("POST /api/{project}/store", Set.of()),
          // Authenticated by the HMAC over the body, not by an identity (GithubWebhookTest).
          Map.entry("POST /api/autopilot/github/webhook", Set.of()),
          Map.entry("POST /api/autopilot/feedback", EVERYONE),
          Map.entry("OPTIONS /api/autopilot/feedback", EVERYONE));

  private static final Set<String> SIGNED = Set.of("POST /api/autopilot/github/webhook");

  private static final AtomicInteger CLIENT = new AtomicInteger();

  @Test
  void everyOperationHasARuleAndTheServerEnforcesIt() {
    Map<String, Object> paths =
        REVIEWER.req().get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
    Set<String> operations = new TreeSet<>();
    Map<String, String> mediaTypes = new java.util.HashMap<>();
    paths.forEach(
        (path, item) ->
            ((Map<?, ?>) item)
                .forEach(
                    (m, operation) -> {
                      String op = m.toString().toUpperCase(Locale.ROOT) + " " + path;
                      operations.add(op);
                      mediaTypes.put(op, mediaType(operation));
                    }));

    Set<String> unruled = new TreeSet<>(operations);
    unruled.removeAll(RULES.keySet());
    assertEquals(Set.of(), unruled, "operations without an auth rule");
    Set<String> stale = new TreeSet<>(RULES.keySet());
    stale.removeAll(operations);
    assertEquals(Set.of(), stale, "rules for operations that no longer exist");

    long issue = Fixtures.issue("auth matrix");
    List<String> failures = new ArrayList<>();
    for (String op : operations) {
      String method = op.substring(0, op.indexOf(' '));
      String path =
          op.substring(op.indexOf(' ') + 1)
              .replace("/uploads/{id}", "/uploads/" + UUID.randomUUID())
              .replace("{run}", UUID.randomUUID().toString())
              .replace("{claim}", UUID.randomUUID().toString())
              .replace("{project}", "1")
              .replace("{key}", "1")
              .replace("{id}", Long.toString(issue));
      for (Caller caller : Caller.values()) {
        int status =
            op.equals("GET /api/autopilot/events")
                ? streamStatus(caller, path)
                : call(caller, method, path, mediaTypes.get(op)).statusCode();
        boolean allowed = RULES.get(op).contains(caller);
        // No identity opens a signature-authenticated route: without a signature it is 401.
        int refusal = caller == ANONYMOUS || SIGNED.contains(op) ? 401 : 403;
        boolean ok = allowed ? status != 401 && status != 403 && status < 500 : status == refusal;
        if (!ok) {
          failures.add(op + " as " + caller + " -> " + status);
        }
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(operations.size() >= 12, "the document lists the API: " + operations);
  }

  @Test
  void operationalEndpointsAreProtectedToo() {
    ANONYMOUS.req().get("/q/health/ready").then().statusCode(200);
    ANONYMOUS.req().get("/q/openapi").then().statusCode(401);
    ANONYMOUS.req().get("/q/metrics").then().statusCode(401);
    RUNNER.req().get("/q/metrics").then().statusCode(403);
    VIEWER.req().get("/q/metrics").then().statusCode(200);
    ANONYMOUS.req().get("/something-else").then().statusCode(401);
  }

  /** The status of a server-sent-event stream, without waiting for it to end. */
  private static int streamStatus(Caller caller, String path) {
    var request =
        java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + path));
    if (caller != ANONYMOUS) {
      request.header("Authorization", "Bearer " + caller.token());
    }
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Calls with a body of the type the operation declares, so the probe reaches the checks. */
  private static Response call(Caller caller, String method, String path, String mediaType) {
    RequestSpecification req =
        caller
            .req()
            .redirects()
            .follow(false)
            .header("X-Forwarded-For", "10.77.0." + CLIENT.incrementAndGet() % 250);
    if ("multipart/form-data".equals(mediaType)) {
      req = req.multiPart("file", "probe.txt", "probe".getBytes());
    } else if (method.equals("POST") || method.equals("PATCH")) {
      req = req.contentType(ContentType.JSON).body("{}");
    }
    return req.request(method, path);
  }

  private static String mediaType(Object operation) {
    Object body = ((Map<?, ?>) operation).get("requestBody");
    if (body instanceof Map<?, ?> b && b.get("content") instanceof Map<?, ?> content) {
      return content.keySet().stream().findFirst().map(Object::toString).orElse(null);
    }
    return null;
  }
}
