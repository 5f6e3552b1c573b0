package dev.autopilot.runner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.contract.ClaimRequest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's token: fetched once and cached, fetched again when the api-service refuses it
 * (revoked, or the provider rotated its keys), with the refused call made again once.
 */
@QuarkusTest
@WithTestResource(value = StandInApi.class, initArgs = @ResourceArg(name = "mode", value = "oidc"))
class ClientCredentialsTest {

  @Inject RunnerApi api;

  @BeforeEach
  void reset() {
    StandInApi.reset();
  }

  @Test
  void aRefusedTokenIsReplacedOnceAndTheNewOneIsCached() {
    StandInApi.refusedToken = "token-1";
    assertTrue(api.claim(new ClaimRequest("r", null, 60)).isEmpty());
    assertEquals(List.of("Bearer token-1", "Bearer token-2"), StandInApi.seen);
    assertTrue(api.claim(new ClaimRequest("r", null, 60)).isEmpty());
    assertEquals("Bearer token-2", StandInApi.seen.get(2), "cached");
    assertEquals(2, StandInApi.tokensIssued.get());
  }
}
