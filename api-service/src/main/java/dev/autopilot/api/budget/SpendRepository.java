package dev.autopilot.api.budget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * Spend totals. An issue's is summed from its runs (few, indexed by issue), so a heartbeat never
 * writes the issue row; the day's is one counter row per UTC day.
 */
@ApplicationScoped
public class SpendRepository {

  private final EntityManager em;

  public SpendRepository(EntityManager em) {
    this.em = em;
  }

  /** Adds {@code usd} to today's total and returns it. */
  public BigDecimal addToday(BigDecimal usd) {
    return (BigDecimal)
        em.createNativeQuery(
                "insert into spend_day (day, usd) values ((now() at time zone 'UTC')::date, ?1)"
                    + " on conflict (day) do update set usd = spend_day.usd + excluded.usd"
                    + " returning usd")
            .setParameter(1, usd)
            .getSingleResult();
  }

  /** What the issue's runs have cost, the running one's live estimate included. */
  public BigDecimal spent(long issueId) {
    return spentBesides(issueId, null);
  }

  /** What the issue's runs other than {@code runId} have cost. */
  public BigDecimal spentBesides(long issueId, UUID runId) {
    return (BigDecimal)
        em.createNativeQuery(
                "select coalesce(sum(cost_usd), 0) from run where issue_id = ?1"
                    + " and (cast(?2 as uuid) is null or id <> cast(?2 as uuid))")
            .setParameter(1, issueId)
            .setParameter(2, runId)
            .getSingleResult();
  }

  /** What all runs have spent today (UTC). */
  public BigDecimal today() {
    var rows =
        em.createNativeQuery(
                "select usd from spend_day where day = (now() at time zone 'UTC')::date")
            .getResultList();
    return rows.isEmpty() ? BigDecimal.ZERO : (BigDecimal) rows.get(0);
  }
}
