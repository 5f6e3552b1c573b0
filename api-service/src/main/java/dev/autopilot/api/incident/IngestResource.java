package dev.autopilot.api.incident;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The Sentry SDK protocol's ingest endpoints, so an application that already reports to Sentry only
 * points its DSN here. Authenticated by the DSN key ({@link SentryKeyMechanism}); a key sends to
 * its own project only, and at its rate.
 */
@Path("/api/{project: [0-9]+}")
@RolesAllowed(Roles.INGEST)
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {

  private final Ingest ingest;
  private final IngestLimiter limiter;
  private final SecurityIdentity identity;

  public IngestResource(Ingest ingest, IngestLimiter limiter, SecurityIdentity identity) {
    this.ingest = ingest;
    this.limiter = limiter;
    this.identity = identity;
  }

  @POST
  @Path("/envelope")
  @Blocking
  @Operation(summary = "Sentry envelope: error events become incident issues")
  public CompletionStage<Response> envelope(
      @PathParam("project") long project,
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
    return ingest
        .envelope(admit(project), body, length, encoding)
        .thenApply(ok -> Response.ok(ok).build());
  }

  @POST
  @Path("/store")
  @Blocking
  @Operation(summary = "Sentry legacy store: one error event")
  public CompletionStage<Response> store(
      @PathParam("project") long project,
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
    return ingest
        .store(admit(project), body, length, encoding)
        .thenApply(ok -> Response.ok(ok).build());
  }

  // The key's own project, with a token of its rate for the request; checked before the body is
  // read. Ingest takes the rest of the price once it knows the body's events and size.
  private IncidentProjectRepository.Grant admit(long project) {
    IncidentProjectRepository.Grant grant = identity.getAttribute(SentryKeyIdentityProvider.GRANT);
    if (grant == null || grant.projectId() != project) {
      throw new ProblemException(
          403,
          "forbidden",
          "Forbidden",
          "This DSN key does not belong to project " + project + ".");
    }
    limiter.require(grant.keyId(), 1);
    return grant;
  }
}
