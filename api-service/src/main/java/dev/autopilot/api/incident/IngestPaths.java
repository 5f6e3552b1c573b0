package dev.autopilot.api.incident;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Sentry SDKs post to {@code /api/{project}/envelope/} with a trailing slash, which JAX-RS paths
 * cannot end in; before matching, the ingest paths lose it.
 */
public class IngestPaths {

  @ServerRequestFilter(preMatching = true)
  public void trailingSlash(ContainerRequestContext request) {
    URI uri = request.getUriInfo().getRequestUri();
    String path = uri.getRawPath();
    if (path.endsWith("/") && SentryKeyMechanism.INGEST.matcher(path).matches()) {
      request.setRequestUri(
          UriBuilder.fromUri(uri).replacePath(path.replaceAll("/+$", "")).build());
    }
  }
}
