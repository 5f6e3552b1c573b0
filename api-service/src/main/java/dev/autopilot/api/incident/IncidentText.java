package dev.autopilot.api.incident;

import dev.autopilot.api.issue.UntrustedText;
import java.time.Instant;
import java.util.List;

/**
 * The Markdown of an incident's issue. Everything the application sent is untrusted: it goes into
 * fenced blocks whose fence is longer than any run of backticks inside, or is escaped, so it reads
 * as text on the board and in the agent's prompt.
 */
final class IncidentText {

  private static final int MAX_FRAMES = 40;
  // In characters, so the whole body stays under the 64 KiB issue cap even at 3 bytes a character.
  private static final int MAX_STACK_CHARS = 16_000;
  private static final int MAX_HEADLINE_CHARS = 2_000;
  private static final String LAST_SEEN = "\n- Last seen: ";
  private static final String COUNT = "\n- Events: ";
  private static final String LATEST_RELEASE = "\n- Latest release: ";
  private static final String NEW_KINDS = "\n- New kinds over the cap: ";

  private IncidentText() {}

  static String body(String project, long groupId, SentryEvent event, Instant firstSeen) {
    StringBuilder b = new StringBuilder();
    b.append("An application reported this error through its Sentry SDK (project ")
        .append(escape(project))
        .append("). Later events of the same kind count here and do not open new issues.\n\n");
    b.append(fenced(headline(event) + "\n" + stack(event)));
    b.append("\n- Level: ").append(escape(event.level()));
    b.append("\n- First release: ").append(escape(orNone(event.release())));
    b.append("\n- Environment: ").append(escape(orNone(event.environment())));
    if (event.platform() != null) {
      b.append("\n- Platform: ").append(escape(event.platform()));
    }
    b.append("\n- First event: ").append(event.eventId());
    b.append("\n- First seen: ").append(firstSeen);
    b.append(LAST_SEEN).append(firstSeen);
    b.append(COUNT).append(1);
    b.append(LATEST_RELEASE).append(escape(orNone(event.release())));
    b.append("\n\nThe last three lines are kept current a few seconds behind the events; all of")
        .append(" them are at `/api/autopilot/incidents/")
        .append(groupId)
        .append("/events`.\n");
    return b.toString();
  }

  /** The title of a project's flood incident of the hour from {@code hour}. */
  static String floodTitle(String project, Instant hour) {
    return IncidentRepository.cut(
        "Error flood: new kinds of errors over the hourly cap in " + project + " (" + hour + ")",
        200);
  }

  /**
   * The body of a flood incident: one issue for every new kind of error past the project's hourly
   * cap, instead of one issue each. Nothing of the events' own text is in it.
   */
  static String floodBody(String project, long groupId, int cap, Instant hour, Instant now) {
    return "More new kinds of errors arrived from project "
        + escape(project)
        + " in the hour from "
        + hour
        + " than the cap of "
        + cap
        + " an hour (`autopilot.incidents.new-groups-per-hour`). They open no issue each: their"
        + " events count here. A flood like this is one failure seen from many sides, or a"
        + " client sending made-up errors, so a person looks first (this issue is human-only)."
        + "\n\nThe events, each with its own text, are at `/api/autopilot/incidents/"
        + groupId
        + "/events`.\n"
        + "\n- First seen: "
        + now
        + NEW_KINDS
        + 1
        + LAST_SEEN
        + now
        + COUNT
        + 1
        + LATEST_RELEASE
        + "none\n";
  }

  /**
   * The body with its last-seen, count and latest-release lines brought up to date, or null when a
   * reviewer has removed them (their edit wins). The last occurrence of each line is taken: the
   * fenced message before them may hold anything, including the same words. A flood's body also has
   * its count of new kinds ({@code floodKinds}, null for other groups).
   */
  static String withCounts(
      String body, long count, Instant lastSeen, String latestRelease, Integer floodKinds) {
    String out = body;
    if (floodKinds != null) {
      out = replaceLine(out, NEW_KINDS, Integer.toString(floodKinds));
    }
    return out == null ? null : withCounts(out, count, lastSeen, latestRelease);
  }

  /** {@link #withCounts(String, long, Instant, String, Integer)} for a group that is no flood. */
  static String withCounts(String body, long count, Instant lastSeen, String latestRelease) {
    String out = replaceLine(body, LAST_SEEN, lastSeen.toString());
    if (out != null) {
      out = replaceLine(out, COUNT, Long.toString(count));
    }
    if (out != null) {
      out = replaceLine(out, LATEST_RELEASE, escape(orNone(UntrustedText.line(latestRelease))));
    }
    return out;
  }

  private static String replaceLine(String body, String prefix, String value) {
    int at = body.lastIndexOf(prefix);
    if (at < 0) {
      return null;
    }
    int from = at + prefix.length();
    int end = body.indexOf('\n', from);
    return body.substring(0, from) + value + (end < 0 ? "" : body.substring(end));
  }

  /** The comment on an issue reopened because a new release brought the error back. */
  static String regression(String release, String previous, long count) {
    return "Regression: this error came back in release "
        + escape(release)
        + " (last seen in "
        + escape(orNone(previous))
        + "), after "
        + count
        + " earlier event(s). Reopened to the backlog.";
  }

  private static String headline(SentryEvent event) {
    SentryEvent.Thrown caught = event.primary();
    if (caught == null) {
      return event.message() == null
          ? "(no message)"
          : IncidentRepository.cut(event.message(), MAX_HEADLINE_CHARS);
    }
    String value = caught.value() == null ? "" : ": " + caught.value();
    return IncidentRepository.cut(caught.qualifiedType() + value, MAX_HEADLINE_CHARS);
  }

  private static String stack(SentryEvent event) {
    StringBuilder s = new StringBuilder();
    List<SentryEvent.Thrown> chain = event.exceptions();
    // Caught exception first, then its causes, each with its crashing frame first, as Java prints.
    for (int e = chain.size() - 1; e >= 0; e--) {
      SentryEvent.Thrown t = chain.get(e);
      if (e != chain.size() - 1) {
        String value = t.value() == null ? "" : ": " + t.value();
        s.append("Caused by: ")
            .append(IncidentRepository.cut(t.qualifiedType() + value, MAX_HEADLINE_CHARS))
            .append('\n');
      }
      List<SentryEvent.Frame> frames = t.frames();
      int shown = 0;
      for (int i = frames.size() - 1; i >= 0 && shown < MAX_FRAMES; i--, shown++) {
        SentryEvent.Frame f = frames.get(i);
        s.append("    at ").append(f.where()).append('(');
        s.append(f.filename() == null ? "unknown" : f.filename());
        s.append(f.lineno() == null ? "" : ":" + f.lineno()).append(')');
        s.append(Boolean.TRUE.equals(f.inApp()) ? "" : " [library]").append('\n');
      }
      if (frames.size() > shown) {
        s.append("    … ").append(frames.size() - shown).append(" more\n");
      }
      if (s.length() > MAX_STACK_CHARS) {
        s.setLength(MAX_STACK_CHARS);
        s.append("\n… (cut)\n");
        break;
      }
    }
    return s.toString();
  }

  private static String fenced(String text) {
    String cut = text;
    int longest = 0;
    int run = 0;
    for (char c : cut.toCharArray()) {
      run = c == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(Math.max(3, longest + 1));
    return fence + "text\n" + cut.stripTrailing() + "\n" + fence + "\n";
  }

  /** Escapes Markdown's punctuation, so a release name cannot become a link or an image. */
  static String escape(String s) {
    String line = s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    return line.replaceAll("([\\\\`*_{}\\[\\]()#+\\-.!<>|~])", "\\\\$1");
  }

  private static String orNone(String s) {
    return s == null || s.isBlank() ? "none" : s;
  }
}
