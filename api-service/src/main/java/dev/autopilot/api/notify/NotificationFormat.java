package dev.autopilot.api.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Payloads in an endpoint's format: Standard Webhooks' {@code {type, timestamp, data}}, or a Slack
 * incoming-webhook message whose text escapes Slack's control characters (issue titles and agent
 * questions are untrusted and must not become links or mentions).
 */
final class NotificationFormat {

  private NotificationFormat() {}

  /** What happened, to whom, in words and as data. */
  record Event(String type, Map<String, Object> issue, Map<String, Object> details, String text) {}

  static String body(NotifyConfig.Format format, Event event, Instant at, ObjectMapper json) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (format == NotifyConfig.Format.SLACK) {
      body.put("text", slackText(event));
    } else {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("issue", event.issue());
      data.putAll(event.details());
      body.put("type", event.type());
      body.put("timestamp", at.toString());
      body.put("data", data);
    }
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String slackText(Event event) {
    Object url = event.issue().get("url");
    String ref =
        event.issue().get("ref") + " " + escape(String.valueOf(event.issue().get("title")));
    String link = url == null ? ref : "<" + url + "|" + ref.replace("|", "¦") + ">";
    return link + ": " + escape(event.text());
  }

  /** Slack's mrkdwn escapes: without them {@code <!channel>} in a title would ping everyone. */
  static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
