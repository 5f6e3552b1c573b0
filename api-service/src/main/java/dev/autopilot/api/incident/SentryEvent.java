package dev.autopilot.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * What grouping and the issue need of a Sentry event (the SDKs' JSON: {@code exception.values},
 * {@code logentry} or {@code message}, {@code fingerprint}, {@code release}...). Every string came
 * from the reporting application and is untrusted.
 *
 * @param exceptions oldest first, as the protocol orders chained exceptions; the last is the one
 *     that was caught
 * @param fingerprint the SDK's own grouping, or empty for the default
 */
public record SentryEvent(
    UUID eventId,
    Instant timestamp,
    String level,
    String platform,
    String release,
    String environment,
    String message,
    List<Thrown> exceptions,
    List<String> fingerprint) {

  /** How many of the top in-app frames identify a group by default. */
  static final int GROUPING_FRAMES = 5;

  private static final int MAX_TITLE = 200;

  /** One exception of the chain. */
  public record Thrown(String type, String module, String value, List<Frame> frames) {

    /** {@code module.Type}, or the type alone. */
    String qualifiedType() {
      return module == null || module.isEmpty() || type.contains(".") ? type : module + "." + type;
    }
  }

  /** One stack frame, oldest first (the protocol's order: the crashing frame is last). */
  public record Frame(
      String module, String function, String filename, Integer lineno, Boolean inApp) {

    String where() {
      String place = module != null ? module : filename != null ? filename : "?";
      return place + "." + (function == null ? "?" : function);
    }
  }

  /** Reads an event; a missing or malformed id gets a fresh one. */
  public static SentryEvent parse(JsonNode event, String fallbackId) {
    List<Thrown> thrown = new ArrayList<>();
    JsonNode exception = event.path("exception");
    JsonNode values = exception.isArray() ? exception : exception.path("values");
    for (JsonNode e : values) {
      List<Frame> frames = new ArrayList<>();
      for (JsonNode f : e.path("stacktrace").path("frames")) {
        frames.add(
            new Frame(
                text(f, "module"),
                text(f, "function"),
                text(f, "filename"),
                f.path("lineno").canConvertToInt() ? f.path("lineno").asInt() : null,
                f.has("in_app") ? f.path("in_app").asBoolean() : null));
      }
      String type = text(e, "type");
      thrown.add(
          new Thrown(type == null ? "Error" : type, text(e, "module"), text(e, "value"), frames));
    }
    List<String> fingerprint = new ArrayList<>();
    for (JsonNode part : event.path("fingerprint")) {
      fingerprint.add(part.asText());
    }
    return new SentryEvent(
        id(text(event, "event_id"), fallbackId),
        timestamp(event.path("timestamp")),
        text(event, "level") == null ? "error" : text(event, "level"),
        text(event, "platform"),
        text(event, "release"),
        text(event, "environment"),
        message(event),
        thrown,
        fingerprint);
  }

  /** The exception that was caught (the last of the chain), if any. */
  public Thrown primary() {
    return exceptions.isEmpty() ? null : exceptions.get(exceptions.size() - 1);
  }

  /**
   * What decides the group: the SDK's fingerprint (where {@code {{ default }}} stands for the
   * default), else the caught exception's type and its top in-app frames (top frames if none is
   * in-app), else the message as written before formatting.
   */
  public List<String> groupingParts() {
    if (fingerprint.isEmpty()) {
      return defaultParts();
    }
    List<String> parts = new ArrayList<>();
    for (String part : fingerprint) {
      if (part.replace(" ", "").equals("{{default}}")) {
        parts.addAll(defaultParts());
      } else {
        parts.add("custom:" + part);
      }
    }
    return parts;
  }

  private List<String> defaultParts() {
    Thrown caught = primary();
    if (caught == null) {
      return List.of("message:" + (message == null ? "" : message), "level:" + level);
    }
    List<String> parts = new ArrayList<>();
    parts.add("type:" + caught.qualifiedType());
    List<Frame> inApp =
        caught.frames().stream().filter(f -> Boolean.TRUE.equals(f.inApp())).toList();
    List<Frame> frames = inApp.isEmpty() ? caught.frames() : inApp;
    for (int i = frames.size() - 1; i >= 0 && parts.size() <= GROUPING_FRAMES; i--) {
      parts.add("frame:" + frames.get(i).where());
    }
    return parts;
  }

  /** SHA-256 of the grouping parts, in hex. */
  public String groupKey() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : groupingParts()) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A one-line title: {@code Type: first line of the value}, or the message's first line. */
  public String title() {
    Thrown caught = primary();
    String title;
    if (caught != null) {
      String value = firstLine(caught.value());
      title = value.isEmpty() ? caught.type() : caught.type() + ": " + value;
    } else {
      title = firstLine(message);
    }
    if (title.isBlank()) {
      title = "Error without a message";
    }
    return title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE - 1) + "…" : title;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static String message(JsonNode event) {
    for (String field : List.of("logentry", "message")) {
      JsonNode m = event.path(field);
      if (m.isTextual()) {
        return m.asText();
      }
      // The template groups ("Order {} failed"), the formatted text reads better; take the first.
      String text = text(m, "message") != null ? text(m, "message") : text(m, "formatted");
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  private static UUID id(String given, String fallback) {
    for (String candidate : new String[] {given, fallback}) {
      if (candidate != null && candidate.matches("[0-9a-fA-F]{32}")) {
        return UUID.fromString(
            candidate.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
      }
      if (candidate != null && candidate.matches("[0-9a-fA-F-]{36}")) {
        try {
          return UUID.fromString(candidate);
        } catch (IllegalArgumentException e) {
          // fall through
        }
      }
    }
    return UUID.randomUUID();
  }

  private static Instant timestamp(JsonNode t) {
    try {
      if (t.isNumber()) {
        return Instant.ofEpochMilli((long) (t.asDouble() * 1000));
      }
      if (t.isTextual()) {
        return Instant.parse(t.asText());
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // fall through: when it arrived is good enough
    }
    return Instant.now();
  }
}
