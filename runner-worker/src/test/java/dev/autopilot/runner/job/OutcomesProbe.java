package dev.autopilot.runner.job;

import dev.autopilot.runner.agent.AgentResult;

/** Test access to the package-private failure classification. */
public final class OutcomesProbe {

  private OutcomesProbe() {}

  public static String reason(AgentResult result) {
    return dev.autopilot.contract.Wire.of(Outcomes.failureReason(result));
  }
}
