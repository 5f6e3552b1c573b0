package dev.autopilot.api.incident;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
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

  // Both filters see every request: the path is read from the connection's request, and a URI is
  // built only for the ingest routes.
  @ServerRequestFilter(preMatching = true)
  public void trailingSlash(ContainerRequestContext request, HttpServerRequest http) {
    String path = http.path();
    if (path != null && path.endsWith("/") && SentryKeyMechanism.INGEST.matcher(path).matches()) {
      // Cut the slashes out of the absolute URI's text: far cheaper than a UriBuilder per event.
      String uri = http.absoluteURI();
      int query = uri.indexOf('?');
      int end = query < 0 ? uri.length() : query;
      int cut = end;
      while (cut > 0 && uri.charAt(cut - 1) == '/') {
        cut--;
      }
      request.setRequestUri(URI.create(uri.substring(0, cut) + uri.substring(end)));
    }
  }

  @ServerResponseFilter
  public void anyOrigin(ContainerResponseContext response, HttpServerRequest http) {
    String path = http.path();
    if (path != null && SentryKeyMechanism.INGEST.matcher(path).matches()) {
      response.getHeaders().putSingle("Access-Control-Allow-Origin", "*");
      response
          .getHeaders()
          .putSingle("Access-Control-Expose-Headers", "Retry-After, X-Sentry-Rate-Limits");
    }
  }
}
