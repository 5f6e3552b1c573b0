package dev.autopilot.api.security;

import dev.autopilot.api.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Enforces {@link CappedBody} after routing and before the body is read: the check needs only the
 * matched method and the request's headers, so an oversized or unbounded body costs no memory.
 */
public class BodyCaps {

  private record Cap(long bytes, String what) {}

  private static final Cap NONE = new Cap(-1, "");

  private final Map<Method, Cap> caps = new ConcurrentHashMap<>();

  @ServerRequestFilter
  public void cap(ResourceInfo resource, HttpServerRequest request) {
    Method method = resource.getResourceMethod();
    if (method == null) {
      return;
    }
    Cap cap = caps.computeIfAbsent(method, BodyCaps::capOf);
    if (cap == NONE) {
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
    if (bytes > cap.bytes()) {
      throw ProblemException.tooLarge(cap.what() + " is limited to " + cap.bytes() + " bytes.");
    }
  }

  private static Cap capOf(Method method) {
    CappedBody capped = method.getAnnotation(CappedBody.class);
    if (capped == null) {
      return NONE;
    }
    long bytes =
        capped.bytes() >= 0
            ? capped.bytes()
            : ConfigProvider.getConfig().getValue(capped.property(), Long.class);
    return new Cap(bytes, capped.what());
  }
}
