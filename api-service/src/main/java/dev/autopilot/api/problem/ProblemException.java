package dev.autopilot.api.problem;

import java.util.Map;

/**
 * A failure that becomes an RFC 9457 problem response. Thrown by services for every expected error
 * so resources stay free of status-code plumbing.
 */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final transient Map<String, Object> extensions;
  private final transient Map<String, Object> headers = new java.util.LinkedHashMap<>();

  public ProblemException(int status, String type, String title, String detail) {
    this(status, type, title, detail, Map.of());
  }

  public ProblemException(
      int status, String type, String title, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.extensions = extensions;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "bad-request", "Bad request", detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "not-found", "Not found", detail);
  }

  public static ProblemException conflict(String type, String detail) {
    return new ProblemException(409, type, "Conflict", detail);
  }

  /** 503 with a {@code Retry-After}: the request was not handled and may simply be retried. */
  public static ProblemException unavailable(String detail, long retryAfterSeconds) {
    return new ProblemException(
        503,
        "unavailable",
        "Service unavailable",
        detail,
        java.util.Map.of("retry_after", retryAfterSeconds));
  }

  public static ProblemException tooLarge(String detail) {
    return new ProblemException(413, "payload-too-large", "Payload too large", detail);
  }

  /** Adds a response header (a protocol's own back-off header, say); returns this. */
  public ProblemException header(String name, Object value) {
    headers.put(name, value);
    return this;
  }

  /** The response headers beside the problem body. */
  public Map<String, Object> headers() {
    return headers;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}
