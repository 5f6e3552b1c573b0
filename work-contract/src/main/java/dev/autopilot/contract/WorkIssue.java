package dev.autopilot.contract;

import java.util.List;

/**
 * The issue as the runner sees it. Title, body and thread are untrusted text: they go to the agent
 * verbatim as data, never to a shell.
 *
 * @param id issue number
 * @param title title
 * @param body markdown body
 * @param kind what sort of work
 * @param priority its priority
 * @param branch the issue's agent branch if an earlier run pushed one
 * @param thread comments, oldest first
 */
public record WorkIssue(
    long id,
    String title,
    String body,
    IssueKind kind,
    Priority priority,
    String branch,
    List<ThreadEntry> thread) {}
