package dev.autopilot.api.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Walks every (state, event) pair of the run table, without a container. */
class RunStateTest {

  private static final Map<RunState.Event, RunState> FROM_RUNNING =
      Map.of(
          RunState.Event.REPORTED, RunState.FINISHED,
          RunState.Event.LEASE_EXPIRED, RunState.EXPIRED,
          RunState.Event.CANCELLED, RunState.CANCELLED,
          RunState.Event.RELEASED, RunState.RELEASED);

  @Test
  void aRunningRunEndsOnceAndAnEndedRunNeverChanges() {
    for (RunState state : RunState.values()) {
      for (RunState.Event event : RunState.Event.values()) {
        Optional<RunState> expected =
            state == RunState.RUNNING ? Optional.of(FROM_RUNNING.get(event)) : Optional.empty();
        assertEquals(expected, state.next(event), state + " + " + event);
      }
      assertEquals(state != RunState.RUNNING, state.ended(), state.toString());
    }
  }

  @Test
  void aStepTheTableDoesNotHaveIsRefusedNotWritten() {
    Run run = new Run();
    run.state = RunState.RUNNING;
    run.transition(RunState.Event.REPORTED);
    assertEquals(RunState.FINISHED, run.state);
    try {
      run.transition(RunState.Event.LEASE_EXPIRED);
      throw new AssertionError("an ended run changed state");
    } catch (IllegalStateException expected) {
      assertEquals(RunState.FINISHED, run.state);
    }
  }
}
