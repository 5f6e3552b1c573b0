package dev.autopilot.api.feedback;

import dev.autopilot.api.problem.ProblemException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Caps the anonymous feedback body before it is read: the resource runs on the event loop and takes
 * the body buffered, so an unbounded or oversized body is refused from its headers alone.
 */
public class FeedbackBodyLimit {

  private final FeedbackConfig config;

  public FeedbackBodyLimit(FeedbackConfig config) {
    this.config = config;
  }

  @ServerRequestFilter
  public void limit(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST || !FeedbackResource.PATH.equals(request.path())) {
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null || request.getHeader("Transfer-Encoding") != null) {
      throw new ProblemException(
          411, "length-required", "Length required", "Send the body with a Content-Length.");
    }
    long bytes;
    try {
      bytes = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("Content-Length is not a number.");
    }
    if (bytes > config.maxBodyBytes()) {
      throw ProblemException.tooLarge(
          "Feedback is limited to " + config.maxBodyBytes() + " bytes.");
    }
  }
}
