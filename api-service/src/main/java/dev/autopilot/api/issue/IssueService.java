package dev.autopilot.api.issue;

import dev.autopilot.api.live.BoardEvent;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectRepository;
import dev.autopilot.api.security.Actor;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Creating and editing issues. Status changes go through {@link Workflow}. */
@ApplicationScoped
public class IssueService {

  private final IssueRepository issues;
  private final Workflow workflow;
  private final Event<BoardEvent> board;
  private final ProjectRepository projects;

  public IssueService(
      IssueRepository issues,
      Workflow workflow,
      Event<BoardEvent> board,
      ProjectRepository projects) {
    this.workflow = workflow;
    this.issues = issues;
    this.board = board;
    this.projects = projects;
  }

  /** Creates an issue in {@code backlog}, or in {@code ready} when it is handed off at once. */
  @Transactional
  public Issue create(IssueRequests.Create request, Actor actor) {
    return create(projects.named(request.project()).id, request, actor);
  }

  /** Creates an issue in the project with this id; the request's project is not read. */
  @Transactional
  public Issue create(long projectId, IssueRequests.Create request, Actor actor) {
    Issue issue = new Issue();
    issue.projectId = projectId;
    issue.title = title(request.title());
    issue.body = orEmpty(UntrustedText.body("body", request.body()));
    issue.kind = request.kind() == null ? IssueKind.FEATURE : request.kind();
    issue.priority = request.priority() == null ? Priority.NORMAL : request.priority();
    issue.humanOnly = Boolean.TRUE.equals(request.humanOnly());
    issue.assignee = blankToNull(UntrustedText.line(request.assignee()));
    issue.createdBy = actor.name();
    issue.status = Boolean.TRUE.equals(request.handOff()) ? IssueStatus.READY : IssueStatus.BACKLOG;
    if (issue.status == IssueStatus.READY && issue.humanOnly) {
      throw ProblemException.badRequest("A human-only issue cannot be handed to the agents.");
    }
    Instant now = Instant.now();
    issue.createdAt = now;
    issue.updatedAt = now;
    issue.statusChangedAt = now;
    issue.persistAndFlush();
    workflow.created(issue, actor);
    return issue;
  }

  /** Changes the fields present in {@code request}; never the status. */
  @Transactional
  public Issue patch(long id, IssueRequests.Patch request, Long ifMatch) {
    Issue issue = issues.require(id);
    issues.checkVersion(issue, request.version() != null ? request.version() : ifMatch);
    if (request.title() != null) {
      issue.title = title(request.title());
    }
    if (request.body() != null) {
      issue.body = UntrustedText.body("body", request.body());
    }
    if (request.kind() != null) {
      issue.kind = request.kind();
    }
    if (request.priority() != null) {
      issue.priority = request.priority();
    }
    if (request.humanOnly() != null) {
      if (request.humanOnly() && issue.status == IssueStatus.IN_PROGRESS) {
        throw ProblemException.conflict(
            "agent-running",
            "Issue #" + id + " is being worked on by an agent; cancel the run first.");
      }
      issue.humanOnly = request.humanOnly();
    }
    if (request.assignee() != null) {
      issue.assignee = blankToNull(UntrustedText.line(request.assignee()));
    }
    issue.updatedAt = Instant.now();
    // Flush here so a concurrent edit surfaces as an optimistic-lock failure (409) now.
    issue.flush();
    board.fire(BoardEvent.of(BoardEvent.Type.UPDATED, id));
    return issue;
  }

  private static String title(String raw) {
    String title = UntrustedText.line(raw);
    if (title == null || title.isEmpty()) {
      throw ProblemException.badRequest("Field 'title' must not be blank.");
    }
    return title;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
