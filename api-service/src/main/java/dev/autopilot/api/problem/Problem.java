package dev.autopilot.api.problem;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem details. {@code type} is a URN so clients can switch on it; extensions (for
 * example {@code allowed_moves}) are flattened into the top-level object as the RFC asks.
 */
public record Problem(
    int status, String type, String title, String detail, Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_PREFIX = "urn:autopilot:problem:";

  public Problem {
    extensions = extensions == null ? Map.of() : extensions;
  }

  public static Problem of(int status, String type, String title, String detail) {
    return new Problem(status, type, title, detail, Map.of());
  }

  /** The JSON body, in the RFC's member order. */
  public Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + type);
    body.put("title", title);
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    if (instance != null) {
      body.put("instance", instance);
    }
    extensions.forEach(body::putIfAbsent);
    return body;
  }

  public Response toResponse(String instance) {
    return Response.status(status).type(MEDIA_TYPE).entity(body(instance)).build();
  }
}
