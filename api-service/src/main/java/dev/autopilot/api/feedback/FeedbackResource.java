package dev.autopilot.api.feedback;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectDirectory;
import dev.autopilot.api.security.CappedBody;
import dev.autopilot.api.security.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The one anonymous write: public feedback from any site that embeds the feedback button. Checks
 * run cheapest first: origin, rate limit, content type, size, then parsing.
 */
@Path(FeedbackResource.PATH)
@PermitAll
public class FeedbackResource {

  static final String PATH = "/api/autopilot/feedback";

  private final FeedbackService feedback;
  private final FeedbackCors cors;
  private final RateLimiter limiter;
  private final ClientAddress clients;
  private final FeedbackConfig config;

  public FeedbackResource(
      FeedbackService feedback,
      FeedbackCors cors,
      RateLimiter limiter,
      ClientAddress clients,
      FeedbackConfig config) {
    this.feedback = feedback;
    this.cors = cors;
    this.limiter = limiter;
    this.clients = clients;
    this.config = config;
  }

  @POST
  // Runs on the event loop: the body is capped from its headers before it is read; the shared rate
  // limit is checked on a worker and the store is asynchronous (group commit).
  @CappedBody(property = "autopilot.feedback.max-body-bytes", what = "Feedback")
  @Operation(summary = "Public feedback: always a feedback issue in backlog")
  public CompletionStage<Response> submit(
      byte[] body,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam("Origin") String origin,
      @HeaderParam(HttpHeaders.HOST) String host,
      @HeaderParam("X-Forwarded-For") String forwardedFor,
      @QueryParam("project") String projectKey,
      @Context HttpServerRequest request) {
    ProjectDirectory.Entry project = cors.project(projectKey);
    cors.requireAllowed(origin, host, project);
    String peer =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    // Each project has its own budget per address: one site's visitors cannot use up another's.
    return limiter
        .acquire(project.id() + "|" + clients.resolve(peer, forwardedFor))
        .thenCompose(wait -> store(wait, body, contentType, project));
  }

  private CompletionStage<Response> store(
      Optional<Duration> wait, byte[] body, String contentType, ProjectDirectory.Entry project) {
    if (wait.isPresent()) {
      long seconds = Math.max(1, wait.get().toSeconds());
      return CompletableFuture.failedFuture(
          new ProblemException(
              429,
              "rate-limited",
              "Too many requests",
              "Too much feedback from your address; try again in " + seconds + " s.",
              Map.of("retry_after", seconds)));
    }
    if (!isJson(contentType)) {
      return CompletableFuture.failedFuture(
          new ProblemException(
              415, "unsupported-media-type", "Unsupported media type", "Send application/json."));
    }
    Optional<FeedbackForm> form;
    try {
      form = FeedbackForm.parse(checked(body), config.honeypotField());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (form.isEmpty()) {
      // A bot: it looks accepted, and nothing is stored.
      return CompletableFuture.completedFuture(
          Response.accepted(Map.of("status", "received")).build());
    }
    return feedback.submit(form.get(), project.id()).thenApply(FeedbackResource::created);
  }

  private static Response created(FeedbackService.Outcome outcome) {
    Map<String, Object> result =
        Map.of("id", outcome.issueId(), "ref", outcome.ref(), "merged", outcome.merged());
    return Response.status(outcome.merged() ? 200 : 201)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(result)
        .build();
  }

  @OPTIONS
  @Operation(summary = "CORS preflight for sites allowed to embed the feedback button")
  public Response preflight(
      @HeaderParam("Origin") String origin,
      @HeaderParam(HttpHeaders.HOST) String host,
      @QueryParam("project") String projectKey) {
    cors.requireAllowed(origin, host, cors.project(projectKey));
    return Response.noContent().build();
  }

  private byte[] checked(byte[] body) {
    if (body.length > config.maxBodyBytes()) {
      throw ProblemException.tooLarge(
          "Feedback is limited to " + config.maxBodyBytes() + " bytes.");
    }
    return body;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.valueOf(contentType);
      return type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
