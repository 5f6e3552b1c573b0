package dev.autopilot.api.incident;

import dev.autopilot.api.comment.CommentService;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.IssueRequests;
import dev.autopilot.api.issue.IssueService;
import dev.autopilot.api.issue.Workflow;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records incident events: one group per fingerprint, one bug issue per group. A repeat counts; it
 * reopens the issue only when it was in review or done and the event comes from another release (a
 * regression). A project may hand a busy group to the agents by itself. Every status change goes
 * through {@link Workflow}, as the system actor {@code incidents}.
 */
@ApplicationScoped
public class IncidentService {

  /** The actor of every change incidents make. */
  public static final Actor ACTOR = new Actor("incidents", ActorKind.SYSTEM);

  /** What one event did. */
  public record Recorded(
      long groupId,
      Long issueId,
      boolean counted,
      boolean newIssue,
      boolean regression,
      boolean handedOff) {}

  /** A group that was opened, reopened or handed off; observed after commit (notifications). */
  public record GroupChanged(
      long projectId,
      long groupId,
      long issueId,
      String title,
      boolean newIssue,
      boolean regression) {}

  private final IncidentProjectRepository projects;
  private final IncidentRepository groups;
  private final IssueRepository issues;
  private final IssueService issueService;
  private final Workflow workflow;
  private final CommentService comments;
  private final IncidentFloods floods;
  private final IncidentStorage storage;
  private final Event<GroupChanged> changed;

  public IncidentService(
      IncidentProjectRepository projects,
      IncidentRepository groups,
      IssueRepository issues,
      IssueService issueService,
      Workflow workflow,
      CommentService comments,
      IncidentFloods floods,
      IncidentStorage storage,
      Event<GroupChanged> changed) {
    this.projects = projects;
    this.groups = groups;
    this.issues = issues;
    this.issueService = issueService;
    this.workflow = workflow;
    this.comments = comments;
    this.floods = floods;
    this.storage = storage;
    this.changed = changed;
  }

  /** An event as it waits to be recorded; the group key is computed once. */
  public record Ingested(long projectId, SentryEvent event, String groupKey, String payload) {

    public Ingested(long projectId, SentryEvent event, String payload) {
      this(projectId, event, event.groupKey(), payload);
    }

    /** The same event with the payload left out (its project is over its stored bytes). */
    Ingested withoutPayload() {
      return new Ingested(projectId, event, groupKey, IncidentStorage.NOT_STORED);
    }
  }

  /** Records one event in its own transaction; an event id seen before is not counted again. */
  @Transactional
  public Recorded record(Ingested ingested) {
    return recordInTransaction(storage.admit(List.of(ingested)).get(0));
  }

  /**
   * Records events in one transaction, in the order given (callers sort by project and group key,
   * so each group's events are adjacent). One statement locks the batch's known groups in id order,
   * one loads their issues, and one stores the events of every group that only counts; new groups,
   * deleted issues and settled issues (a possible regression) take the full path.
   */
  @Transactional
  public List<Recorded> recordAll(List<Ingested> events) {
    groups.flushAtCommit();
    List<Ingested> batch = storage.admit(events);
    List<List<Ingested>> segments = new ArrayList<>();
    for (int i = 0, j; i < batch.size(); i = j) {
      Ingested first = batch.get(i);
      j = i + 1;
      while (j < batch.size()
          && batch.get(j).projectId() == first.projectId()
          && batch.get(j).groupKey().equals(first.groupKey())) {
        j++;
      }
      segments.add(batch.subList(i, j));
    }
    Map<String, IncidentGroup> known = groups.lockKnown(batch);
    issues.preload(known.values().stream().map(g -> g.issueId).filter(Objects::nonNull).toList());
    // A segment that only counts gets its group and issue here; null means the full path.
    List<Counted> plans = new ArrayList<>(segments.size());
    List<IncidentRepository.NewEvent> counted = new ArrayList<>();
    for (List<Ingested> segment : segments) {
      IncidentGroup group = known.get(IncidentRepository.key(segment.get(0)));
      Issue issue = group == null || group.issueId == null ? null : issues.findById(group.issueId);
      boolean onlyCounts = issue != null && !settled(issue);
      plans.add(onlyCounts ? new Counted(group, issue) : null);
      if (onlyCounts) {
        segment.forEach(e -> counted.add(new IncidentRepository.NewEvent(group, e)));
      }
    }
    boolean[] stored = groups.storeEvents(counted);
    List<Recorded> out = new ArrayList<>(batch.size());
    int at = 0;
    for (int s = 0; s < segments.size(); s++) {
      List<Ingested> segment = segments.get(s);
      Counted plan = plans.get(s);
      if (plan != null) {
        out.addAll(count(plan.group(), plan.issue(), segment, stored, at));
        at += segment.size();
      } else {
        Recorded head = recordInTransaction(segment.get(0));
        out.add(head);
        out.addAll(repeats(head, segment.subList(1, segment.size())));
      }
    }
    return out;
  }

  /**
   * The rest of a segment whose head took the full path: stored in one round trip and counted at
   * once, unless the issue is settled, when any of them may be a regression.
   */
  private List<Recorded> repeats(Recorded head, List<Ingested> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    IncidentGroup group = groups.findById(head.groupId());
    Issue issue = issues.findById(head.issueId());
    if (settled(issue)) {
      return events.stream().map(this::recordInTransaction).toList();
    }
    List<IncidentRepository.NewEvent> rows =
        events.stream().map(e -> new IncidentRepository.NewEvent(group, e)).toList();
    return count(group, issue, events, groups.storeEvents(rows), 0);
  }

  /** Counts a group's stored events ({@code stored[from + k]} for the k-th). */
  private List<Recorded> count(
      IncidentGroup group, Issue issue, List<Ingested> events, boolean[] stored, int from) {
    Instant now = Instant.now();
    for (int k = 0; k < events.size(); k++) {
      if (stored[from + k]) {
        SentryEvent event = events.get(k).event();
        group.eventCount++;
        group.lastSeen = now;
        if (event.release() != null) {
          group.lastRelease = IncidentRepository.cut(event.release(), 200);
        }
        if (event.environment() != null) {
          group.environment = IncidentRepository.cut(event.environment(), 200);
        }
      }
    }
    boolean handedOff = maybeHandOff(projects.require(group.projectId), group, issue, now);
    if (handedOff) {
      changed.fire(
          new GroupChanged(group.projectId, group.id, issue.id, group.title, false, false));
    }
    List<Recorded> out = new ArrayList<>(events.size());
    for (int k = 0; k < events.size(); k++) {
      out.add(
          new Recorded(group.id, issue.id, stored[from + k], false, false, handedOff && k == 0));
    }
    return out;
  }

  /** A group whose events of a batch only count, and its issue. */
  private record Counted(IncidentGroup group, Issue issue) {}

  private static boolean settled(Issue issue) {
    return issue.status == IssueStatus.IN_REVIEW || issue.status == IssueStatus.DONE;
  }

  private Recorded recordInTransaction(Ingested ingested) {
    SentryEvent event = ingested.event();
    IncidentProject project = projects.require(ingested.projectId());
    String payload = ingested.payload();
    Instant now = Instant.now();
    IncidentGroup group = groups.lock(project.id, ingested.groupKey());
    if (group == null && !floods.mayOpen(project.id, now)) {
      return floods.record(
          project, ingested, now, g -> groups.storeEvent(project.id, g.id, event, payload));
    }
    if (group == null) {
      group = groups.create(project.id, ingested.groupKey(), event, now);
    }
    if (!groups.storeEvent(project.id, group.id, event, payload)) {
      return new Recorded(group.id, group.issueId, false, false, false, false);
    }
    boolean newIssue = false;
    boolean regression = false;
    Issue issue = group.issueId == null ? null : issues.findById(group.issueId);
    if (issue == null) {
      issue = open(project, group, event, now);
      newIssue = true;
    } else if (regressed(issue, group, event)) {
      workflow.move(issue, IssueStatus.BACKLOG, ACTOR, "regression in release " + event.release());
      comments.add(
          issue.id,
          IncidentText.regression(event.release(), group.lastRelease, group.eventCount),
          ACTOR);
      group.regressions++;
      group.autoReadyAt = null;
      regression = true;
    }
    group.eventCount++;
    group.lastSeen = now;
    if (event.release() != null) {
      group.lastRelease = IncidentRepository.cut(event.release(), 200);
    }
    if (event.environment() != null) {
      group.environment = IncidentRepository.cut(event.environment(), 200);
    }
    boolean handedOff = maybeHandOff(project, group, issue, now);
    if (newIssue || regression || handedOff) {
      changed.fire(
          new GroupChanged(project.id, group.id, issue.id, group.title, newIssue, regression));
    }
    return new Recorded(group.id, issue.id, true, newIssue, regression, handedOff);
  }

  private Issue open(IncidentProject project, IncidentGroup group, SentryEvent event, Instant now) {
    Issue issue =
        issueService.create(
            project.projectId,
            new IssueRequests.Create(
                null,
                event.title(),
                IncidentText.body(project.name, group.id, event, now),
                IssueKind.BUG,
                "fatal".equals(event.level()) ? Priority.HIGH : Priority.NORMAL,
                false,
                null,
                false),
            ACTOR);
    group.issueId = issue.id;
    return issue;
  }

  private static boolean regressed(Issue issue, IncidentGroup group, SentryEvent event) {
    return settled(issue)
        && event.release() != null
        && !Objects.equals(IncidentRepository.cut(event.release(), 200), group.lastRelease);
  }

  private boolean maybeHandOff(
      IncidentProject project, IncidentGroup group, Issue issue, Instant now) {
    if (!project.autoReady()
        || group.autoReadyAt != null
        || issue.status != IssueStatus.BACKLOG
        || issue.humanOnly) {
      return false;
    }
    Instant since = now.minusSeconds(project.autoReadyWindowSeconds);
    if (groups.eventsSince(group.id, since) < project.autoReadyEvents) {
      return false;
    }
    workflow.move(
        issue,
        IssueStatus.READY,
        ACTOR,
        project.autoReadyEvents + " events within " + project.autoReadyWindowSeconds + " s");
    group.autoReadyAt = now;
    return true;
  }
}
