package dev.autopilot.api.issue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One group-commit transaction: every submission in it is stored, merged into a recent identical
 * issue, or merged into an identical submission of the same batch. A constant number of statements
 * whatever the batch size, which is where the ingress gets its throughput.
 */
final class FeedbackInserts {

  // Lock every fingerprint of the batch in one order (by lock key), so that two instances writing
  // overlapping batches cannot deadlock and two identical submissions never both create an issue.
  private static final String LOCK =
      "select pg_advisory_xact_lock(k) from (select distinct hashtextextended(f, 0) k"
          + " from unnest(?::text[]) f) s order by k";

  private static final String EXISTING =
      "select distinct on (feedback_fingerprint) feedback_fingerprint, id, ref from issue"
          + " where feedback_fingerprint = any(?::text[]) and status = 'BACKLOG'"
          + " and created_at > now() - make_interval(secs => ?) order by feedback_fingerprint, id desc";

  private static final String BUMP =
      "update issue i set duplicate_count = duplicate_count + d.n, updated_at = now()"
          + " from unnest(?::bigint[], ?::int[]) d(id, n) where i.id = d.id";

  private static final String INSERT =
      "with ins as (insert into issue (project_id, title, body, status, kind, priority,"
          + " created_by, reporter_name, reporter_email, reporter_page, feedback_fingerprint,"
          + " duplicate_count) select p, t, b, 'BACKLOG', 'FEEDBACK', 'NORMAL', 'feedback', rn, re,"
          + " rp, f, n from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::int[]) u(p, t, b, rn, re, rp, f, n)"
          + " returning id, ref, feedback_fingerprint, status_changed_at),"
          + " history as (insert into issue_status_change (issue_id, to_status, actor, actor_kind,"
          + " reason, changed_at) select id, 'BACKLOG', 'feedback', 'SYSTEM', 'created',"
          + " status_changed_at from ins)"
          + " select feedback_fingerprint, id, ref from ins";

  // An issue a submission landed in.
  private record Landed(long id, String ref) {}

  private FeedbackInserts() {}

  /**
   * Writes {@code entries} in the connection's current transaction (the caller commits) and returns
   * where each landed, in order, plus the ids of the issues it created.
   */
  static IssueRepository.FeedbackWritten write(
      Connection c, List<NewFeedback> entries, Duration dedupeWindow) throws SQLException {
    Map<String, List<Integer>> byFingerprint = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      byFingerprint.computeIfAbsent(entries.get(i).fingerprint(), f -> new ArrayList<>()).add(i);
    }
    String[] fingerprints = byFingerprint.keySet().toArray(String[]::new);
    try (PreparedStatement lock = c.prepareStatement(LOCK)) {
      lock.setArray(1, c.createArrayOf("text", fingerprints));
      lock.execute();
    }
    Map<String, Landed> existing = existing(c, fingerprints, dedupeWindow);
    Map<String, Landed> created = new HashMap<>();
    List<String> fresh = new ArrayList<>();
    for (String f : fingerprints) {
      if (!existing.containsKey(f)) {
        fresh.add(f);
      }
    }
    bump(c, existing, byFingerprint);
    if (!fresh.isEmpty()) {
      created.putAll(insert(c, entries, fresh, byFingerprint));
    }
    IssueRepository.Landed[] landed = new IssueRepository.Landed[entries.size()];
    for (Map.Entry<String, List<Integer>> group : byFingerprint.entrySet()) {
      Landed old = existing.get(group.getKey());
      Landed at = old != null ? old : created.get(group.getKey());
      List<Integer> members = group.getValue();
      for (int m = 0; m < members.size(); m++) {
        landed[members.get(m)] =
            new IssueRepository.Landed(at.id(), at.ref(), old != null || m > 0);
      }
    }
    return new IssueRepository.FeedbackWritten(
        List.of(landed), created.values().stream().map(Landed::id).toList());
  }

  private static Map<String, Landed> existing(Connection c, String[] fingerprints, Duration window)
      throws SQLException {
    Map<String, Landed> found = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(EXISTING)) {
      s.setArray(1, c.createArrayOf("text", fingerprints));
      s.setDouble(2, window.toMillis() / 1000.0);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), new Landed(rs.getLong(2), rs.getString(3)));
        }
      }
    }
    return found;
  }

  private static void bump(
      Connection c, Map<String, Landed> existing, Map<String, List<Integer>> groups)
      throws SQLException {
    if (existing.isEmpty()) {
      return;
    }
    Long[] ids = new Long[existing.size()];
    Integer[] counts = new Integer[existing.size()];
    int i = 0;
    for (Map.Entry<String, Landed> e : existing.entrySet()) {
      ids[i] = e.getValue().id();
      counts[i++] = groups.get(e.getKey()).size();
    }
    try (PreparedStatement s = c.prepareStatement(BUMP)) {
      s.setArray(1, c.createArrayOf("bigint", ids));
      s.setArray(2, c.createArrayOf("integer", counts));
      s.executeUpdate();
    }
  }

  private static Map<String, Landed> insert(
      Connection c,
      List<NewFeedback> entries,
      List<String> fresh,
      Map<String, List<Integer>> groups)
      throws SQLException {
    int n = fresh.size();
    String[][] columns = new String[6][n];
    Integer[] counts = new Integer[n];
    Long[] projects = new Long[n];
    for (int i = 0; i < n; i++) {
      List<Integer> members = groups.get(fresh.get(i));
      NewFeedback e = entries.get(members.get(0));
      projects[i] = e.projectId();
      columns[0][i] = e.title();
      columns[1][i] = e.message();
      columns[2][i] = e.user();
      columns[3][i] = e.email();
      columns[4][i] = e.page();
      columns[5][i] = e.fingerprint();
      counts[i] = members.size();
    }
    Map<String, Landed> ids = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setArray(1, c.createArrayOf("bigint", projects));
      for (int col = 0; col < columns.length; col++) {
        Array array = c.createArrayOf("text", columns[col]);
        s.setArray(col + 2, array);
      }
      s.setArray(8, c.createArrayOf("integer", counts));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(1), new Landed(rs.getLong(2), rs.getString(3)));
        }
      }
    }
    return ids;
  }
}
