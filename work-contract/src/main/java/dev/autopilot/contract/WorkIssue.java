package dev.autopilot.contract;

import java.util.List;

/**
 * The issue as the runner sees it. Title, body and thread are untrusted text: they go to the agent
 * verbatim as data, never to a shell.
 *
 * @param id the issue's global id
 * @param title title
 * @param body markdown body
 * @param kind what sort of work
 * @param priority its priority
 * @param branch the issue's agent branch if an earlier run pushed one
 * @param thread comments, oldest first
 * @param ref the issue's ref, {@code SHOP-12} (null from an api-service older than projects)
 * @param project the key of its project, {@code shop} (null likewise)
 */
public record WorkIssue(
    long id,
    String title,
    String body,
    IssueKind kind,
    Priority priority,
    String branch,
    List<ThreadEntry> thread,
    String ref,
    String project) {

  /** How people name the issue: its ref, or {@code #id} from an older api-service. */
  public String name() {
    return ref != null ? ref : "#" + id;
  }
}
