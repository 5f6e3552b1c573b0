package dev.autopilot.bench;

import dev.autopilot.launcher.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentry envelopes from wrk at N connections over ten error groups (every event counted on its
 * group's row, under that row's lock), against pgbench INSERT on the same server in the same run;
 * then, one at a time, the time from an event of a new kind arriving to its issue being readable
 * through the API.
 */
final class IncidentIngest {

  record Result(
      double perSecond,
      double p50,
      double p99,
      long accepted,
      long counted,
      long errors,
      double pgbenchTps,
      Stats visible) {
    @Override
    public String toString() {
      return String.format(
          "%.0f events/s, p50 %.1f ms, p99 %.1f ms, accepted %d, counted %d, errors %d;"
              + " pgbench INSERT %.0f tps (%.0f%%); event → issue visible %s",
          perSecond, p50, p99, accepted, counted, errors, pgbenchTps, ratio(), visible);
    }

    double ratio() {
      return 100 * perSecond / pgbenchTps;
    }
  }

  private static final int WARM_UP_SECONDS = 30;
  private static final Pattern TEXT = Pattern.compile("\"(key|dsn)\":\"([^\"]+)\"");

  private final LocalStack stack;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  IncidentIngest(LocalStack stack) {
    this.stack = stack;
  }

  Result run(int connections, int seconds, int newIssues) throws Exception {
    Http reviewer = new Http(stack.baseUrl(), "reviewer", stack.password("reviewer"));
    String created =
        reviewer
            .post(
                "/api/autopilot/incident-projects",
                "{\"name\":\"bench-" + UUID.randomUUID() + "\"}")
            .body();
    long project = Http.number(created, "id");
    String key = text(created, "key");
    Wrk.run(
        stack.baseUrl(),
        "incidents",
        connections,
        WARM_UP_SECONDS,
        "" + project,
        key,
        "warm",
        "10");
    long before = counted(project);
    Wrk.Result r =
        Wrk.run(
            stack.baseUrl(),
            "incidents",
            connections,
            seconds,
            "" + project,
            key,
            "measured",
            "10");
    long accepted = (long) r.value("created");
    long counted = counted(project) - before;
    double pgbench = Pgbench.insertTps(stack, connections, seconds);
    return new Result(
        accepted / (double) seconds,
        r.value("p50"),
        r.value("p99"),
        accepted,
        counted,
        (long) r.value("other"),
        pgbench,
        visible(project, key, reviewer, newIssues));
  }

  /** Event of a new kind posted → its issue readable at {@code GET /issues/{id}}. */
  private Stats visible(long project, String key, Http reviewer, int n) throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("reviewer:" + stack.password("reviewer")).getBytes());
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      String type = "FreshError" + i + "x" + System.nanoTime();
      String event = "{\"exception\":{\"values\":[{\"type\":\"" + type + "\",\"value\":\"new\"}]}}";
      long start = System.nanoTime();
      send(
          HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/" + project + "/envelope/"))
              .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
              .POST(HttpRequest.BodyPublishers.ofString("{}\n{\"type\":\"event\"}\n" + event)));
      long issue;
      while ((issue = issueOf(project, type)) < 0) {
        Thread.onSpinWait();
      }
      String found =
          send(
              HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/autopilot/issues/" + issue))
                  .header("Authorization", basic)
                  .GET());
      if (!found.contains(type)) {
        throw new IllegalStateException("issue " + issue + " does not show " + type);
      }
      samples[i] = System.nanoTime() - start;
    }
    return Stats.ofNanos(samples);
  }

  private String send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r =
        client.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private long issueOf(long project, String type) throws Exception {
    try (Connection c = stack.connectDb();
        PreparedStatement ps =
            c.prepareStatement(
                "select issue_id from incident_group where project_id = ? and title like ?")) {
      ps.setLong(1, project);
      ps.setString(2, type + ":%");
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : -1;
      }
    }
  }

  private long counted(long project) throws Exception {
    try (Connection c = stack.connectDb();
        PreparedStatement ps =
            c.prepareStatement(
                "select coalesce(sum(event_count), 0) from incident_group where project_id = ?")) {
      ps.setLong(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String runId() {
    return String.format("%08x", new java.security.SecureRandom().nextInt());
  }

  private static String text(String json, String field) {
    Matcher m = TEXT.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(field)) {
        return m.group(2);
      }
    }
    throw new IllegalStateException(field + " missing in " + json);
  }
}
