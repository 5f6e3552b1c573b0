package dev.autopilot.api.incident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The incident API's requests and answers. */
public final class IncidentViews {

  private IncidentViews() {}

  /**
   * {@code POST /incident-projects}: a project and its first key. Both threshold fields or neither:
   * a group reaching {@code autoReadyEvents} events within the window goes to the agents.
   */
  public record NewProject(
      @NotBlank @Size(max = 200) String name,
      @Positive Integer autoReadyEvents,
      @Positive Integer autoReadyWindowSeconds,
      @Size(max = 200) String keyLabel,
      @Size(max = 10) String project) {}

  /** {@code POST /incident-projects/{id}/keys}. */
  public record NewKeyRequest(@Size(max = 200) String label) {}

  /** A key as listed: never the key itself. */
  public record KeyView(
      long id, String hint, String label, String createdBy, Instant createdAt, Instant revokedAt) {

    static KeyView of(IncidentKey k) {
      return new KeyView(k.id, k.keyHint, k.label, k.createdBy, k.createdAt, k.revokedAt);
    }
  }

  /** A new key: the only time the key and its DSN are shown. */
  public record NewKey(long id, String key, String dsn) {}

  /** A project, with its keys. */
  public record ProjectView(
      long id,
      String name,
      Integer autoReadyEvents,
      Integer autoReadyWindowSeconds,
      String createdBy,
      Instant createdAt,
      List<KeyView> keys) {

    static ProjectView of(IncidentProject p, List<IncidentKey> keys) {
      return new ProjectView(
          p.id,
          p.name,
          p.autoReadyEvents,
          p.autoReadyWindowSeconds,
          p.createdBy,
          p.createdAt,
          keys.stream().map(KeyView::of).toList());
    }
  }

  /** A new project and its first key. */
  public record CreatedProject(ProjectView project, NewKey key) {}

  /**
   * A group: what its issue stands for, counted live. A flood group stands for the new kinds of an
   * hour past the project's cap ({@code new_kinds} of them).
   */
  public record GroupView(
      long id,
      long projectId,
      Long issueId,
      String title,
      String level,
      long count,
      Instant firstSeen,
      Instant lastSeen,
      String firstRelease,
      String lastRelease,
      String environment,
      int regressions,
      Instant autoReadyAt,
      boolean flood,
      Integer newKinds,
      String eventsUrl) {

    public static GroupView of(IncidentGroup g) {
      return new GroupView(
          g.id,
          g.projectId,
          g.issueId,
          g.title,
          g.level,
          g.eventCount,
          g.firstSeen,
          g.lastSeen,
          g.firstRelease,
          g.lastRelease,
          g.environment,
          g.regressions,
          g.autoReadyAt,
          g.flood,
          g.flood ? g.floodKinds : null,
          "/api/autopilot/incidents/" + g.id + "/events");
    }
  }
}
