package dev.autopilot.runner.api;

import dev.autopilot.runner.RunnerConfig;
import io.quarkus.oidc.client.reactive.filter.runtime.AbstractOidcClientRequestReactiveFilter;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.config.ConfigProvider;
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

  // Fail at start, not with a 401 on every call: a token URL with the OIDC client switched off (or
  // without a client id) would otherwise send requests with no credentials at all.
  void verify(@Observes StartupEvent event) {
    if (!oidc()) {
      return;
    }
    boolean enabled =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.oidc-client.client-enabled", Boolean.class)
            .orElse(true);
    if (!enabled || config.clientId().filter(id -> !id.isBlank()).isEmpty()) {
      throw new IllegalStateException(
          "AUTOPILOT_API_TOKEN_URL is set, but the OIDC client is disabled or has no client id"
              + " (AUTOPILOT_API_CLIENT_ID): the runner would call the api-service unauthenticated");
    }
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
