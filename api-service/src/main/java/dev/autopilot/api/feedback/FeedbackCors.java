package dev.autopilot.api.feedback;

import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * CORS for the feedback endpoint only, against the operator's allow-list. Credentials are never
 * allowed: the ingress is anonymous, and no other endpoint answers cross-origin at all.
 */
@ApplicationScoped
public class FeedbackCors {

  private static final String PATH = "/api/autopilot/feedback";

  private final List<String> allowed;
  private final ProjectDirectory projects;

  public FeedbackCors(FeedbackConfig config, ProjectDirectory projects) {
    this.allowed = config.allowedOrigins().orElse(List.of());
    this.projects = projects;
  }

  /**
   * The project feedback names ({@code ?project=shop}), or the first project when it names none; a
   * 400 problem for a key no project has.
   */
  public ProjectDirectory.Entry project(String key) {
    if (key == null || key.isBlank()) {
      return projects
          .first()
          .orElseThrow(() -> ProblemException.unavailable("Feedback is not open yet.", 5));
    }
    return projects
        .byKey(key)
        .orElseThrow(() -> ProblemException.badRequest("No project has this key."));
  }

  /**
   * Refuses a browser request from an origin that is neither ours nor on the allow-list: the
   * instance's, or the project's own.
   */
  public void requireAllowed(String origin, String host, ProjectDirectory.Entry project) {
    if (origin != null && !sameOrigin(origin, host) && !isListed(origin, project)) {
      throw new ProblemException(
          403,
          "origin-not-allowed",
          "Origin not allowed",
          "This site is not allowed to send feedback here.");
    }
  }

  @ServerResponseFilter
  public void addHeaders(ContainerRequestContext request, ContainerResponseContext response) {
    if (!request.getUriInfo().getPath().equals(PATH)) {
      return;
    }
    String origin = request.getHeaderString("Origin");
    response.getHeaders().add("Vary", "Origin");
    if (origin == null) {
      return;
    }
    ProjectDirectory.Entry project;
    try {
      project = project(request.getUriInfo().getQueryParameters().getFirst("project"));
    } catch (ProblemException e) {
      return;
    }
    if (!isListed(origin, project)) {
      return;
    }
    response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
    response.getHeaders().putSingle("Access-Control-Expose-Headers", "Retry-After");
    if ("OPTIONS".equals(request.getMethod())) {
      response.getHeaders().putSingle("Access-Control-Allow-Methods", "POST");
      response.getHeaders().putSingle("Access-Control-Allow-Headers", "Content-Type");
      response.getHeaders().putSingle("Access-Control-Max-Age", "600");
    }
  }

  private boolean isListed(String origin, ProjectDirectory.Entry project) {
    return allowed.contains("*")
        || allowed.contains(origin)
        || project.feedbackOrigins().contains("*")
        || project.feedbackOrigins().contains(origin);
  }

  private static boolean sameOrigin(String origin, String host) {
    try {
      return host != null && host.equals(URI.create(origin).getAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
