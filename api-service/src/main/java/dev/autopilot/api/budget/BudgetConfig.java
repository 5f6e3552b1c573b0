package dev.autopilot.api.budget;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Spend caps on the agents' model cost, in USD; 0 turns a cap off. */
@ConfigMapping(prefix = "autopilot.budget")
public interface BudgetConfig {

  /** Most one issue's runs may cost together; at it the issue goes to blocked (reason budget). */
  @WithDefault("25")
  BigDecimal perIssueUsd();

  /** Most all runs may cost per UTC day; at it no claim is granted until the next day. */
  @WithDefault("250")
  BigDecimal perDayUsd();

  /**
   * Most one run can plausibly cost; a runner's figure above it (or negative, or not a number) is
   * refused on a heartbeat and not charged from a report, so a forged figure cannot stop every
   * claim for the day or overflow the column.
   */
  @WithDefault("1000")
  BigDecimal maxRunUsd();
}
