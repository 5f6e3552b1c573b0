package dev.autopilot.api.issue;

import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the issue endpoints. Unknown fields are rejected (400). */
public final class IssueRequests {

  private IssueRequests() {}

  /**
   * {@code POST /issues}; {@code hand_off} creates it straight in {@code ready}. {@code project} is
   * the project's key; it may be left out while the instance has only one project.
   */
  public record Create(
      @Size(max = 10) String project,
      @NotBlank @Size(max = 200) String title,
      String body,
      IssueKind kind,
      Priority priority,
      Boolean humanOnly,
      @Size(max = 200) String assignee,
      Boolean handOff) {}

  /**
   * {@code PATCH /issues/{id}}: only the fields present change; an empty assignee clears it. The
   * status is not a field: moves go through {@code POST /issues/{id}/status}.
   */
  public record Patch(
      @Size(min = 1, max = 200) String title,
      String body,
      IssueKind kind,
      Priority priority,
      Boolean humanOnly,
      @Size(max = 200) String assignee,
      Long version) {}

  /** {@code POST /issues/{id}/status}; {@code instructions} on a re-run become a comment. */
  public record Move(
      @NotNull IssueStatus status,
      @Size(max = 2000) String reason,
      String instructions,
      Long version) {}
}
