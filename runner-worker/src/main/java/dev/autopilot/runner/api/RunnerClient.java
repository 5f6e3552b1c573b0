package dev.autopilot.runner.api;

import dev.autopilot.contract.ClaimRequest;
import dev.autopilot.contract.Heartbeat;
import dev.autopilot.contract.ProgressBatch;
import dev.autopilot.contract.Release;
import dev.autopilot.contract.RunReport;
import io.quarkus.oidc.client.reactive.filter.runtime.DetectUnauthorizedClientResponseFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The runner-facing routes of the api-service. Every answer comes back as a {@link Response} (the
 * default exception mapper is off): {@link RunnerApi} reads the status codes.
 */
@RegisterRestClient(configKey = "autopilot-api")
@RegisterProvider(RunnerAuth.class)
// Marks the token as refused on a 401, so the next call fetches a new one.
@RegisterProvider(DetectUnauthorizedClientResponseFilter.class)
@Path("/api/autopilot/runner/claims")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface RunnerClient {

  @POST
  Response claim(ClaimRequest request);

  @POST
  @Path("/{claim}/heartbeat")
  Response heartbeat(@PathParam("claim") String claim, Heartbeat heartbeat);

  @POST
  @Path("/{claim}/events")
  Response progress(@PathParam("claim") String claim, ProgressBatch batch);

  @POST
  @Path("/{claim}/result")
  Response report(@PathParam("claim") String claim, RunReport report);

  @POST
  @Path("/{claim}/release")
  Response release(@PathParam("claim") String claim, Release release);
}
