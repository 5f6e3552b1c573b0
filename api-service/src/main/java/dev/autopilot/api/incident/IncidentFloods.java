package dev.autopilot.api.incident;

import dev.autopilot.api.incident.IncidentService.GroupChanged;
import dev.autopilot.api.incident.IncidentService.Ingested;
import dev.autopilot.api.incident.IncidentService.Recorded;
import dev.autopilot.api.issue.Issue;
import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.IssueRequests;
import dev.autopilot.api.issue.IssueService;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The cap on new groups: a project opens at most {@code new-groups-per-hour} groups (each with an
 * issue and a notification) per clock hour. Every new kind past it is counted on the project's
 * flood group of the hour, whose one human-only issue says how many kinds came, so an application
 * (or whoever holds its public browser key) sending thousands of made-up errors opens one issue,
 * not thousands. Known groups go on counting as before; only a new fingerprint pays for the check
 * (one index-range count of at most the cap's rows).
 */
@ApplicationScoped
public class IncidentFloods {

  private final IncidentQuotaRepository quota;
  private final IssueRepository issues;
  private final IssueService issueService;
  private final IncidentConfig config;
  private final Event<GroupChanged> changed;

  public IncidentFloods(
      IncidentQuotaRepository quota,
      IssueRepository issues,
      IssueService issueService,
      IncidentConfig config,
      Event<GroupChanged> changed) {
    this.quota = quota;
    this.issues = issues;
    this.issueService = issueService;
    this.config = config;
    this.changed = changed;
  }

  /** Whether the project may open one more group in the hour of {@code now}. */
  public boolean mayOpen(long projectId, Instant now) {
    return quota.openedSince(projectId, hour(now)) < config.newGroupsPerHour();
  }

  /**
   * Records an event of a new kind past the cap on the project's flood group of the hour, opening
   * its issue with the first one. {@code store} stores the event on the group (false for an SDK's
   * resend).
   */
  public Recorded record(
      IncidentProject project, Ingested ingested, Instant now, EventStore store) {
    Instant hour = hour(now);
    IncidentGroup flood =
        quota.lockOrCreateFlood(
            project.id, fingerprint(hour), IncidentText.floodTitle(project.name, hour), now);
    if (!store.store(flood)) {
      return new Recorded(flood.id, flood.issueId, false, false, false, false);
    }
    if (quota.foldKind(flood.id, ingested.groupKey())) {
      flood.floodKinds++;
    }
    Issue issue = flood.issueId == null ? null : issues.findById(flood.issueId);
    boolean newIssue = issue == null;
    if (newIssue) {
      issue =
          issueService.create(
              project.projectId,
              new IssueRequests.Create(
                  null,
                  flood.title,
                  IncidentText.floodBody(
                      project.name, flood.id, config.newGroupsPerHour(), hour, now),
                  IssueKind.BUG,
                  Priority.HIGH,
                  true, // human-only: a person reads a flood before any agent spends on it
                  null,
                  false),
              IncidentService.ACTOR);
      flood.issueId = issue.id;
    }
    SentryEvent event = ingested.event();
    flood.eventCount++;
    flood.lastSeen = now;
    if (event.release() != null) {
      flood.lastRelease = IncidentRepository.cut(event.release(), 200);
    }
    if (newIssue) {
      changed.fire(new GroupChanged(project.id, flood.id, issue.id, flood.title, true, false));
    }
    return new Recorded(flood.id, issue.id, true, newIssue, false, false);
  }

  /** Stores the event on a group; false when the project already has it. */
  @FunctionalInterface
  public interface EventStore {
    boolean store(IncidentGroup group);
  }

  static Instant hour(Instant now) {
    return now.truncatedTo(ChronoUnit.HOURS);
  }

  /** The flood group's fingerprint: no event's grouping parts hash to it (a distinct prefix). */
  static String fingerprint(Instant hour) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(("autopilot-flood\n" + hour).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
