package dev.autopilot.contract;

import java.util.List;

/**
 * The issue as the runner sees it. Title, body and thread are untrusted text: they go to the agent
 * verbatim as data, never to a shell.
 *
 * @param id issue number
 * @param title title
 * @param body markdown body
 * @param kind {@code feature|bug|chore|feedback}
 * @param priority {@code low|normal|high|urgent}
 * @param branch the issue's agent branch if an earlier run pushed one
 * @param thread comments, oldest first
 */
public record WorkIssue(
    long id,
    String title,
    String body,
    String kind,
    String priority,
    String branch,
    List<ThreadEntry> thread) {}
