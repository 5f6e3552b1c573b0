package dev.autopilot.api.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.api.issue.Move;
import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.Outcome;
import dev.autopilot.contract.PreviousRun;
import dev.autopilot.contract.Priority;
import dev.autopilot.contract.ThreadEntry;
import dev.autopilot.contract.WorkIssue;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The claim statement: one conditional UPDATE decides the winners, so any number of runners on one
 * queue never take the same issue twice. One statement serves a batch of asks: it locks the N most
 * urgent, oldest ready issues (skipping rows other claimers hold), gives the n-th to the n-th ask,
 * starts their runs, records the moves and returns what each runner needs.
 */
public final class ClaimStatement {

  /**
   * One runner's ask: a specific issue ({@code wanted} > 0) or the best candidate (0). {@code
   * sandboxed} is null for a runner too old to say. {@code issueCap} is the per-issue spend cap in
   * USD (null: none); an issue that has spent it (or its own cap) is never claimed. {@code
   * projects} are the keys of the projects the runner serves, sorted (null: every project); asks
   * share a statement only with asks that serve the same ones.
   */
  public record Ask(
      long wanted,
      String runnerId,
      UUID runId,
      String actor,
      long leaseMs,
      Boolean sandboxed,
      BigDecimal issueCap,
      List<String> projects) {}

  /** What an ask won. */
  public record Claimed(
      WorkIssue issue,
      int attempt,
      long fencingToken,
      Instant readyAt,
      Instant leaseExpires,
      PreviousRun previous) {}

  // The claim is the table's CLAIM row, written in one statement so that exactly one runner wins.
  private static final String SQL =
      """
      with req as (
        select * from unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::boolean[])
          with ordinality as r(run_id, runner_id, actor, lease_ms, sandboxed, n)),
      picked as (
        select id, status_changed_at, priority_rank from issue
        where status = '%1$s' and not human_only and (?::bigint = 0 or id = ?::bigint)
          and (?::text[] is null
               or project_id in (select p.id from project p where p.key = any(?::text[])))
          and (not_before is null or not_before <= now())
          and (select coalesce(sum(s.cost_usd), 0) from run s where s.issue_id = issue.id)
              < coalesce(spend_cap_usd, ?::numeric, 'Infinity'::numeric)
        order by priority_rank, status_changed_at, id
        limit ?
        for update skip locked),
      candidate as (
        select id, status_changed_at,
               row_number() over (order by priority_rank, status_changed_at, id) as n
          from picked),
      claimed as (
        update issue i
           set status = '%2$s', attempt = i.attempt + 1, claimed_by = r.runner_id,
               current_run_id = r.run_id, version = i.version + 1,
               updated_at = now(), status_changed_at = now()
          from candidate c join req r on r.n = c.n
         where i.id = c.id
        returning i.id, i.attempt, i.title, i.body, i.kind, i.priority, i.branch, i.ref,
                  i.project_id,
                  c.status_changed_at as ready_at, r.n, r.run_id, r.runner_id, r.actor,
                  r.lease_ms, r.sandboxed),
      started as (
        insert into run (id, issue_id, attempt, runner_id, claimed_by, fencing_token, state,
                         claimed_at, lease_expires_at, sandboxed)
        select run_id, id, attempt, runner_id, actor, nextval('fencing_token_seq'), 'RUNNING',
               now(), now() + lease_ms * interval '1 millisecond', sandboxed
          from claimed
        returning id, fencing_token, lease_expires_at),
      history as (
        insert into issue_status_change (issue_id, from_status, to_status, actor, actor_kind,
                                         reason, changed_at)
        select id, '%1$s', '%2$s', actor, '%3$s', 'claimed by ' || runner_id, now()
          from claimed)
      select c.n, c.id, c.attempt, c.title, c.body, c.kind, c.priority, c.branch, c.ready_at,
             s.fencing_token, s.lease_expires_at,
             (select coalesce(json_agg(json_build_object(
                        'author', m.author, 'author_kind', m.author_kind,
                        'body', m.body, 'at', m.created_at) order by m.id), '[]')::text
                from issue_comment m where m.issue_id = c.id) as thread,
             (select json_build_object('outcome', p.outcome, 'branch', p.branch,
                        'commit', p.commit_sha, 'session_id', p.session_id)::text
                from run p where p.issue_id = c.id
               order by p.claimed_at desc limit 1) as previous,
             c.ref, (select k.key from project k where k.id = c.project_id) as project
        from claimed c join started s on s.id = c.run_id
      """
          .formatted(Move.CLAIM.from().name(), Move.CLAIM.to().name(), Move.CLAIM.by().name());

  private static final ObjectMapper JSON = new ObjectMapper();

  private ClaimStatement() {}

  /**
   * Runs the asks in one auto-committed statement; all must share {@code wanted} and {@code
   * projects}. Returns what each ask won, in order (empty: nothing left for it).
   */
  static List<Optional<Claimed>> run(Connection c, long wanted, List<Ask> asks)
      throws SQLException {
    int n = asks.size();
    UUID[] runIds = new UUID[n];
    String[] runners = new String[n];
    String[] actors = new String[n];
    Long[] leases = new Long[n];
    Boolean[] sandboxed = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Ask a = asks.get(i);
      runIds[i] = a.runId();
      runners[i] = a.runnerId();
      actors[i] = a.actor();
      leases[i] = a.leaseMs();
      sandboxed[i] = a.sandboxed();
    }
    List<Optional<Claimed>> won =
        new ArrayList<>(java.util.Collections.nCopies(n, Optional.empty()));
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setArray(1, c.createArrayOf("uuid", runIds));
      ps.setArray(2, c.createArrayOf("text", runners));
      ps.setArray(3, c.createArrayOf("text", actors));
      ps.setArray(4, c.createArrayOf("bigint", leases));
      ps.setArray(5, c.createArrayOf("boolean", sandboxed));
      ps.setLong(6, wanted);
      ps.setLong(7, wanted);
      List<String> projects = asks.get(0).projects();
      java.sql.Array served = projects == null ? null : c.createArrayOf("text", projects.toArray());
      ps.setArray(8, served);
      ps.setArray(9, served);
      ps.setBigDecimal(10, asks.get(0).issueCap());
      ps.setInt(11, n);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          WorkIssue issue =
              new WorkIssue(
                  rs.getLong(2),
                  rs.getString(4),
                  rs.getString(5),
                  IssueKind.valueOf(rs.getString(6)),
                  Priority.valueOf(rs.getString(7)),
                  rs.getString(8),
                  thread(rs.getString(12)),
                  rs.getString(14),
                  rs.getString(15));
          won.set(
              rs.getInt(1) - 1,
              Optional.of(
                  new Claimed(
                      issue,
                      rs.getInt(3),
                      rs.getLong(10),
                      rs.getObject(9, OffsetDateTime.class).toInstant(),
                      rs.getObject(11, OffsetDateTime.class).toInstant(),
                      previous(rs.getString(13)))));
        }
      }
    }
    return won;
  }

  private static List<ThreadEntry> thread(String json) {
    try {
      List<ThreadEntry> thread = new ArrayList<>();
      for (JsonNode c : JSON.readTree(json)) {
        thread.add(
            new ThreadEntry(
                c.path("author").asText(),
                ActorKind.valueOf(c.path("author_kind").asText()),
                c.path("body").asText(),
                OffsetDateTime.parse(c.path("at").asText()).toInstant()));
      }
      return thread;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreviousRun previous(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode p = JSON.readTree(json);
      return new PreviousRun(
          p.hasNonNull("outcome") ? Outcome.valueOf(p.get("outcome").asText()) : null,
          p.path("branch").asText(null),
          p.path("commit").asText(null),
          p.path("session_id").asText(null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
