package dev.autopilot.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.event.Event;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * The one place where failures become HTTP responses: always {@code application/problem+json},
 * never a stack trace, exception class name or framework message.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  private final Event<UnhandledError> unhandled;

  public ProblemMapper(Event<UnhandledError> unhandled) {
    this.unhandled = unhandled;
  }

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    Response response =
        new Problem(e.status(), e.type(), e.title(), e.getMessage(), e.extensions())
            .toResponse(path(uri));
    Object retryAfter = e.extensions().get("retry_after");
    if (retryAfter == null && e.headers().isEmpty()) {
      return response;
    }
    Response.ResponseBuilder builder = Response.fromResponse(response);
    if (retryAfter != null) {
      builder.header("Retry-After", retryAfter);
    }
    e.headers().forEach(builder::header);
    return builder.build();
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e, UriInfo uri) {
    List<Map<String, String>> errors =
        e.getConstraintViolations().stream()
            .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
            .map(v -> Map.of("field", field(v), "message", v.getMessage()))
            .toList();
    String detail =
        errors.stream()
            .map(m -> m.get("field") + ": " + m.get("message"))
            .collect(Collectors.joining("; "));
    return new Problem(400, "validation", "Invalid request", detail, Map.of("errors", errors))
        .toResponse(path(uri));
  }

  // Listed one by one: Quarkus ships its own mappers for some of these subclasses.
  @ServerExceptionMapper({
    JsonProcessingException.class,
    JsonParseException.class,
    JsonMappingException.class,
    MismatchedInputException.class,
    UnrecognizedPropertyException.class,
    InvalidFormatException.class,
    ValueInstantiationException.class
  })
  public Response json(JsonProcessingException e, UriInfo uri) {
    if (e instanceof InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      return problem(EnumParam.notOneOf(f.getTargetType(), fieldOf(f)), uri);
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ProblemException problem) {
        return problem(problem, uri);
      }
    }
    return Problem.of(400, "invalid-json", "Invalid JSON", describe(e)).toResponse(path(uri));
  }

  @ServerExceptionMapper
  public Response malformedMultipart(MultipartParser.MalformedMessageException e, UriInfo uri) {
    return Problem.of(
            400, "malformed-multipart", "Malformed upload", "The multipart body is malformed.")
        .toResponse(path(uri));
  }

  @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
  public Response stale(RuntimeException e, UriInfo uri) {
    return Problem.of(
            409,
            "edit-conflict",
            "Edit conflict",
            "The issue was changed by someone else; reload it and try again.")
        .toResponse(path(uri));
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return Problem.of(403, "forbidden", "Forbidden", "Your role does not allow this action.")
        .toResponse(path(uri));
  }

  @ServerExceptionMapper({
    WebApplicationException.class,
    NotFoundException.class,
    NotAllowedException.class,
    NotSupportedException.class,
    NotAcceptableException.class,
    BadRequestException.class
  })
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json, uri);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return internal(e, uri);
    }
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "Request failed" : type.getReasonPhrase();
    Response problem =
        Problem.of(status, slug(title), title, genericDetail(status)).toResponse(path(uri));
    Response.ResponseBuilder builder = Response.fromResponse(problem);
    String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      builder.header(HttpHeaders.ALLOW, allow);
    }
    return builder.build();
  }

  @ServerExceptionMapper(priority = Integer.MAX_VALUE)
  public Response internal(Throwable e, UriInfo uri) {
    if (DatabaseOutage.causedBy(e)) {
      // Not a bug, and no incident: recording one would need the database that is away.
      LOG.warnf(
          "%s answered 503: the database is unreachable (%s)", path(uri), DatabaseOutage.reason(e));
      return problem(
          ProblemException.unavailable(
              "The service cannot reach its database right now; try again in a few seconds.", 5),
          uri);
    }
    String incident = UUID.randomUUID().toString();
    LOG.errorf(e, "Unhandled error, incident %s", incident);
    unhandled.fireAsync(new UnhandledError(incident, e, path(uri)));
    return new Problem(
            500,
            "internal",
            "Internal error",
            "Something went wrong on our side.",
            Map.of("incident", incident))
        .toResponse(path(uri));
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : uri.getPath();
  }

  private static String field(ConstraintViolation<?> v) {
    // Paths look like "create.request.title": the last node is what the client sent.
    String path = v.getPropertyPath().toString();
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "Unknown field '" + u.getPropertyName() + "'.";
    }
    String field = e instanceof JsonMappingException m ? fieldOf(m) : "";
    if (e instanceof InvalidFormatException) {
      return "Invalid value for field '" + field + "'.";
    }
    if (e instanceof MismatchedInputException) {
      return field.isEmpty()
          ? "The body does not have the expected shape."
          : "Field '" + field + "' has the wrong type.";
    }
    return "The body is not well-formed JSON.";
  }

  private static String fieldOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String slug(String title) {
    return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }

  private static String genericDetail(int status) {
    return switch (status) {
      case 404 -> "No such resource.";
      case 405 -> "This method is not allowed here.";
      case 406 -> "No acceptable representation.";
      case 413 -> "The request body is too large.";
      case 415 -> "Unsupported content type.";
      default -> "The request could not be processed.";
    };
  }
}
