package dev.autopilot.runner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopilot.contract.ClaimRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local mode: the generated runner user over Basic, and no provider is ever asked for tokens. */
@QuarkusTest
@WithTestResource(value = StandInApi.class)
class LocalModeCredentialsTest {

  @Inject RunnerApi api;

  @BeforeEach
  void reset() {
    StandInApi.reset();
  }

  @Test
  void theRunnerUserSignsInWithBasic() {
    api.claim(new ClaimRequest("r", null, 60));
    assertEquals(List.of(StandInApi.basic("runner", "secret")), StandInApi.seen);
    assertEquals(0, StandInApi.tokensIssued.get());
  }

  @Test
  void aRefusedPasswordIsNotRetried() {
    StandInApi.refuseAll = true;
    assertThrows(IllegalStateException.class, () -> api.claim(new ClaimRequest("r", null, 60)));
    assertEquals(1, StandInApi.seen.size());
  }
}
