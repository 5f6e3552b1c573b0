package dev.autopilot.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopilot.contract.FailureReason;
import dev.autopilot.runner.agent.AgentResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which failures are transient (tried again later by the server) and which go to a person. */
class OutcomesTest {

  private static AgentResult ended(boolean isError, String text, Integer apiStatus) {
    return new AgentResult(
        true,
        true,
        isError,
        "success",
        text,
        "s",
        null,
        1,
        1L,
        10,
        isError ? 1 : 0,
        AgentResult.Stop.NONE,
        "",
        List.of(),
        apiStatus,
        null);
  }

  @Test
  void anOverloadedOrRateLimitingApiOrADroppedNetworkIsTransient() {
    assertEquals(
        FailureReason.TRANSIENT,
        Outcomes.failureReason(ended(true, "API Error: 529 Overloaded", 529)));
    assertEquals(FailureReason.TRANSIENT, Outcomes.failureReason(ended(true, "rate limited", 429)));
    assertEquals(
        FailureReason.TRANSIENT,
        Outcomes.failureReason(ended(true, "API Error: Connection error.", null)));
  }

  @Test
  void everythingElseStaysARealFailure() {
    assertEquals(
        FailureReason.AUTH,
        Outcomes.failureReason(ended(true, "Invalid API key · Please run /login", 401)));
    assertEquals(
        FailureReason.CRASH,
        Outcomes.failureReason(ended(true, "API Error: 400 prompt is too long", 400)));
    assertEquals(FailureReason.CRASH, Outcomes.failureReason(ended(true, "something broke", null)));
  }
}
