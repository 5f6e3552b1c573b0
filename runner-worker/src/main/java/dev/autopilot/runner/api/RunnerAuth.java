package dev.autopilot.runner.api;

import dev.autopilot.runner.RunnerConfig;
import io.quarkus.oidc.client.reactive.filter.runtime.AbstractOidcClientRequestReactiveFilter;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;

/**
 * The runner's own credentials for the api-service, which never reach the agent: in production an
 * OIDC client-credentials token (quarkus-oidc-client fetches, caches and refreshes it; a refused
 * one is replaced on the next call), in local mode the generated runner user over Basic.
 */
@Singleton
@Priority(Priorities.AUTHENTICATION)
public class RunnerAuth extends AbstractOidcClientRequestReactiveFilter {

  private final RunnerConfig.Api config;

  public RunnerAuth(RunnerConfig config) {
    this.config = config.api();
  }

  /** Whether the runner signs in with OIDC client credentials (else Basic, local mode). */
  public boolean oidc() {
    return config.tokenUrl().isPresent();
  }

  @Override
  public void filter(ResteasyReactiveClientRequestContext request) {
    if (oidc()) {
      super.filter(request);
      return;
    }
    String password =
        config
            .password()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Set AUTOPILOT_API_PASSWORD (local mode) or AUTOPILOT_API_TOKEN_URL"));
    String user = config.user().orElse("runner");
    request
        .getHeaders()
        .putSingle(
            HttpHeaders.AUTHORIZATION,
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  protected boolean refreshOnUnauthorized() {
    return true;
  }
}
