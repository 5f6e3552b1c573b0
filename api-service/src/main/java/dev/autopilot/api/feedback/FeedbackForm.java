package dev.autopilot.api.feedback;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.problem.ProblemException;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A feedback submission: the four documented fields, cleaned of hidden characters and then checked
 * by their constraints where the service takes them ({@code @Valid}). Parsing is strict on purpose:
 * the ingress is public, so any other field (but the honeypot) is refused, never honoured.
 */
public record FeedbackForm(
    @NotBlank @Size(max = FeedbackForm.MAX_MESSAGE) String message,
    @Size(max = FeedbackForm.MAX_PAGE) String page,
    @Size(max = FeedbackForm.MAX_USER) String user,
    @Email @Size(max = FeedbackForm.MAX_EMAIL) String email) {

  public static final int MAX_MESSAGE = 4000;
  public static final int MAX_PAGE = 2048;
  public static final int MAX_USER = 200;
  public static final int MAX_EMAIL = 254;

  private static final Set<String> FIELDS = Set.of("message", "page", "user", "email");
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  /** People's text as it will be stored: no control or invisible characters, blanks as null. */
  public FeedbackForm {
    message = message == null ? null : UntrustedText.clean(message).strip();
    page = emptyToNull(UntrustedText.line(page));
    user = emptyToNull(UntrustedText.line(user));
    email = emptyToNull(UntrustedText.line(email));
  }

  /** Parses the raw body; empty when a bot filled in the honeypot field. */
  public static Optional<FeedbackForm> parse(byte[] body, String honeypot) {
    JsonNode root;
    try (JsonParser parser = MAPPER.createParser(body)) {
      root = MAPPER.readTree(parser);
      if (parser.nextToken() != null) {
        throw invalid("Trailing content after the JSON object.");
      }
    } catch (IOException e) {
      throw invalid("The body is not well-formed JSON.");
    }
    if (root == null || !root.isObject()) {
      throw invalid("The body must be a JSON object.");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name) && !name.equals(honeypot)) {
        throw ProblemException.badRequest(
            "Unknown field '" + safeName(name) + "'; accepted: message, page, user, email.");
      }
    }
    FeedbackForm form =
        new FeedbackForm(
            text(root, "message"), text(root, "page"), text(root, "user"), text(root, "email"));
    boolean bot = root.hasNonNull(honeypot) && !root.get(honeypot).asText("").isBlank();
    return bot ? Optional.empty() : Optional.of(form);
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ProblemException.badRequest("Field '" + field + "' must be a string.");
    }
    return node.textValue();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String safeName(String name) {
    String line = UntrustedText.line(name);
    return line.length() > 40 ? line.substring(0, 40) + "…" : line;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(400, "invalid-json", "Invalid JSON", detail);
  }
}
