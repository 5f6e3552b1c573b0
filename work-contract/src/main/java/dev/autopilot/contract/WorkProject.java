package dev.autopilot.contract;

/**
 * Where a claimed issue's work happens: its project's repository settings. A null setting is the
 * runner's own ({@code AUTOPILOT_REPO_URL}, {@code AUTOPILOT_BASE_BRANCH}, {@code AUTOPILOT_PUSH}).
 * Credentials are never here: they stay on the runner.
 *
 * @param key the project's key, {@code shop}
 * @param repository clone URL (or a path in local mode); null: the runner's own repository
 * @param baseBranch branch new work starts from
 * @param pushTarget {@code origin}, {@code fork} or {@code off}
 * @param pushFork the fork's clone URL when {@code pushTarget} is {@code fork}
 */
public record WorkProject(
    String key, String repository, String baseBranch, String pushTarget, String pushFork) {}
