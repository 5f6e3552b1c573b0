package dev.autopilot.api.issue;

/**
 * A feedback submission ready to store: cleaned and checked, with its title and fingerprint.
 *
 * @param projectId the project it is about
 * @param title the issue title, from the message's first line
 * @param message the body
 * @param user the reporter's name, if given
 * @param email the reporter's email, if given
 * @param page the page it was sent from, if given
 * @param fingerprint identical submissions share it (message and page)
 */
public record NewFeedback(
    long projectId,
    String title,
    String message,
    String user,
    String email,
    String page,
    String fingerprint) {}
