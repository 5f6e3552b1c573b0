package dev.autopilot.api.incident;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * HTTP details of the ingest routes. Sentry SDKs post to {@code /api/{project}/envelope/} with a
 * trailing slash, which JAX-RS paths cannot end in; before matching, the ingest paths lose it.
 * Browser SDKs post from any site with the key in the query string and no cookies (a simple
 * request, no preflight): the answer allows any origin to read it, so they see Sentry's back-off
 * headers.
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

  @ServerResponseFilter
  public void anyOrigin(ContainerRequestContext request, ContainerResponseContext response) {
    String path = request.getUriInfo().getRequestUri().getRawPath();
    if (SentryKeyMechanism.INGEST.matcher(path).matches()) {
      response.getHeaders().putSingle("Access-Control-Allow-Origin", "*");
      response
          .getHeaders()
          .putSingle("Access-Control-Expose-Headers", "Retry-After, X-Sentry-Rate-Limits");
    }
  }
}
