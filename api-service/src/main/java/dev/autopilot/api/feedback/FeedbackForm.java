package dev.autopilot.api.feedback;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.problem.ProblemException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed, validated feedback submission. Parsing is strict on purpose: the ingress is public, so
 * any field other than the four documented ones (and the honeypot) is refused, never honoured.
 */
public record FeedbackForm(String message, String page, String user, String email, boolean bot) {

  public static final int MAX_MESSAGE = 4000;
  public static final int MAX_PAGE = 2048;
  public static final int MAX_USER = 200;
  public static final int MAX_EMAIL = 254;

  private static final Set<String> FIELDS = Set.of("message", "page", "user", "email");
  private static final Pattern EMAIL =
      Pattern.compile(
          "[^@\\s<>\"()\\[\\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  /** Parses the raw body. */
  public static FeedbackForm parse(byte[] body, String honeypot) {
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
    boolean bot = root.hasNonNull(honeypot) && !root.get(honeypot).asText("").isBlank();
    String message = UntrustedText.clean(text(root, "message"));
    if (message == null || message.isBlank()) {
      throw ProblemException.badRequest("Field 'message' is required.");
    }
    message = message.strip();
    check("message", message, MAX_MESSAGE);
    String page = UntrustedText.line(text(root, "page"));
    check("page", page, MAX_PAGE);
    String user = UntrustedText.line(text(root, "user"));
    check("user", user, MAX_USER);
    String email = UntrustedText.line(text(root, "email"));
    check("email", email, MAX_EMAIL);
    if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
      throw ProblemException.badRequest("Field 'email' is not an email address.");
    }
    return new FeedbackForm(message, emptyToNull(page), emptyToNull(user), emptyToNull(email), bot);
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

  private static void check(String field, String value, int max) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      throw ProblemException.badRequest(
          "Field '" + field + "' must be at most " + max + " characters.");
    }
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
