package dev.autopilot.api.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.incident.IncidentService;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueMoved;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.project.ProjectKeys;
import dev.autopilot.api.run.Run;
import dev.autopilot.api.run.RunRepository;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Outcome;
import dev.autopilot.contract.Wire;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the changes people must hear about into notifications, in the transaction that made them:
 * an issue blocked on a question, in review (with its pull request), done, a failed run (with its
 * reason), and a new incident (coalesced per project and window). One row per configured endpoint
 * that wants the event.
 */
@ApplicationScoped
public class Notifier {

  private final NotifyConfig config;
  private final NotificationRepository notifications;
  private final IssueRepository issues;
  private final RunRepository runs;
  private final ObjectMapper json;

  public Notifier(
      NotifyConfig config,
      NotificationRepository notifications,
      IssueRepository issues,
      RunRepository runs,
      ObjectMapper json) {
    this.config = config;
    this.notifications = notifications;
    this.issues = issues;
    this.runs = runs;
    this.json = json;
  }

  // A standard endpoint without a secret would send unsigned events: refuse to start instead.
  void check(@Observes StartupEvent event) {
    config
        .endpoints()
        .forEach(
            (name, e) -> {
              if (e.format() == NotifyConfig.Format.STANDARD && e.secret().isEmpty()) {
                throw new IllegalStateException(
                    "autopilot.notify.endpoints." + name + ".secret is required (whsec_…)");
              }
              e.secret().ifPresent(WebhookSigner::new); // a malformed secret fails here
            });
  }

  void onMove(@Observes IssueMoved moved) {
    // Only these three reach anyone; the rest (claims on the event loop among them) stop here,
    // before any database read.
    if (config.endpoints().isEmpty()
        || !EnumSet.of(IssueStatus.BLOCKED, IssueStatus.IN_REVIEW, IssueStatus.DONE)
            .contains(moved.to())) {
      return;
    }
    Issue issue = moved.issue() != null ? moved.issue() : issues.findById(moved.issueId());
    if (issue == null) {
      return;
    }
    switch (moved.to()) {
      case BLOCKED -> {
        // Someone who blocks an issue by hand needs no telling.
        if (moved.actor().kind() != ActorKind.HUMAN) {
          blocked(issue);
        }
      }
      case IN_REVIEW ->
          enqueue(
              "issue.in_review",
              issue,
              details("pr_url", issue.prUrl),
              issue.prUrl == null ? "ready for review" : "ready for review: " + issue.prUrl);
      case DONE -> enqueue("issue.done", issue, Map.of(), "done");
      default -> {}
    }
  }

  // A burst of new incidents (a flood of new kinds, a bad release) is one notification per project
  // and window, not one per issue: the window's first goes at once, the others are counted into
  // one more at the window's end.
  void onIncident(@Observes IncidentService.GroupChanged group) {
    if (config.endpoints().isEmpty() || !group.newIssue()) {
      return;
    }
    Issue issue = issues.findById(group.issueId());
    if (issue == null) {
      return;
    }
    Instant now = Instant.now();
    long window = Math.max(1, config.incidentWindow().toSeconds());
    long start = now.getEpochSecond() / window * window;
    String first = "incident:" + group.projectId() + ":" + start;
    String rest = first + ":more";
    Instant end = Instant.ofEpochSecond(start + window);
    String type = "incident.created";
    config
        .endpoints()
        .forEach(
            (name, endpoint) -> {
              if (!wants(endpoint, type, issue)) {
                return;
              }
              Map<String, Object> details = details("incident_id", group.groupId());
              details.put("incidents", 1);
              Notification n =
                  notification(
                      name, endpoint, type, issue, details, "new incident: " + group.title(), now);
              if (notifications.insertCoalesced(n, first)) {
                return;
              }
              int more = notifications.addCoalesced(name, rest);
              details.put("incidents", Math.max(1, more));
              String text =
                  Math.max(1, more)
                      + " more new incident(s) in this project since "
                      + Instant.ofEpochSecond(start)
                      + "; the latest: "
                      + group.title();
              Notification summary = notification(name, endpoint, type, issue, details, text, now);
              if (more > 0) {
                notifications.rewriteCoalesced(name, rest, issue.id, summary.payload);
              } else {
                summary.nextAttemptAt = end;
                notifications.insertCoalesced(summary, rest);
              }
            });
  }

  private void blocked(Issue issue) {
    Run last = runs.latest(issue.id).orElse(null);
    // A failed report, or a lease that ran out too often (no outcome, a reason).
    boolean failed =
        last != null
            && (last.outcome == Outcome.FAILED
                || (last.outcome == null && last.failureReason != null));
    if (failed) {
      String reason = Wire.of(last.failureReason);
      Map<String, Object> details = details("reason", reason);
      details.put("detail", last.failureDetail);
      enqueue("run.failed", issue, details, "run failed (" + reason + ")");
      return;
    }
    String question = last == null ? null : last.question;
    enqueue(
        "issue.blocked",
        issue,
        details("question", question),
        question == null ? "blocked: needs a human" : "blocked: " + question);
  }

  private void enqueue(String type, Issue issue, Map<String, Object> details, String text) {
    Instant now = Instant.now();
    config
        .endpoints()
        .forEach(
            (name, endpoint) -> {
              if (wants(endpoint, type, issue)) {
                notifications.persist(
                    notification(name, endpoint, type, issue, details, text, now));
              }
            });
  }

  // The endpoint's subscription: the event types and projects it asked for (unset: all).
  private static boolean wants(NotifyConfig.Endpoint endpoint, String type, Issue issue) {
    String project = issue.ref == null ? "" : ProjectKeys.keyOf(issue.ref);
    return endpoint.events().map(types -> types.contains(type)).orElse(true)
        && endpoint.projects().map(keys -> keys.contains(project)).orElse(true);
  }

  private Notification notification(
      String name,
      NotifyConfig.Endpoint endpoint,
      String type,
      Issue issue,
      Map<String, Object> details,
      String text,
      Instant now) {
    Notification n = new Notification();
    n.id = "msg_" + UUID.randomUUID().toString().replace("-", "");
    n.endpoint = name;
    n.eventType = type;
    n.issueId = issue.id;
    n.payload =
        NotificationFormat.body(
            endpoint.format(),
            new NotificationFormat.Event(type, issue(issue), details, text),
            now,
            json);
    n.createdAt = now;
    n.nextAttemptAt = now;
    return n;
  }

  private Map<String, Object> issue(Issue issue) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", issue.id);
    data.put("ref", issue.ref);
    data.put("project", issue.ref == null ? null : ProjectKeys.keyOf(issue.ref));
    data.put("title", issue.title);
    data.put("status", Wire.of(issue.status));
    data.put("kind", Wire.of(issue.kind));
    config
        .boardUrl()
        .ifPresent(
            url -> data.put("url", url.replaceAll("/+$", "") + "/autopilot/?issue=" + issue.id));
    return data;
  }

  private static Map<String, Object> details(String key, Object value) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(key, value);
    return details;
  }
}
