package dev.autopilot.api.budget;

import java.math.BigDecimal;

/**
 * Spend against the caps, for the board.
 *
 * @param todayUsd what all runs cost today (UTC)
 * @param perIssueUsd the configured per-issue cap; null when off
 * @param perDayUsd the daily cap; null when off
 * @param paused whether claims are refused because today's spend reached the daily cap
 */
public record BudgetView(
    BigDecimal todayUsd, BigDecimal perIssueUsd, BigDecimal perDayUsd, boolean paused) {}
