package dev.autopilot.api.github;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.CappedBody;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * GitHub's webhook deliveries. No identity can come with them: the HMAC signature over the body is
 * the authentication, checked before anything is parsed ({@link GithubWebhooks}).
 */
@Path("/api/autopilot/github/webhook")
@PermitAll
public class GithubWebhookResource {

  private final GithubWebhooks webhooks;
  private final GithubConfig config;

  public GithubWebhookResource(GithubWebhooks webhooks, GithubConfig config) {
    this.webhooks = webhooks;
    this.config = config;
  }

  @POST
  @Blocking
  @CappedBody(property = "autopilot.github.max-body-bytes", what = "A delivery")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "GitHub webhook: signed pull request, review and check events")
  public GithubWebhooks.Handled receive(
      InputStream body,
      @HeaderParam("X-GitHub-Event") String event,
      @HeaderParam("X-GitHub-Delivery") String delivery,
      @HeaderParam("X-Hub-Signature-256") String signature) {
    byte[] bytes;
    try {
      bytes = body.readNBytes(config.maxBodyBytes() + 1);
    } catch (IOException e) {
      throw ProblemException.badRequest("The request body could not be read.");
    }
    if (bytes.length > config.maxBodyBytes()) {
      throw ProblemException.tooLarge(
          "Deliveries are limited to " + config.maxBodyBytes() + " bytes.");
    }
    return webhooks.receive(event, delivery, signature, bytes);
  }
}
