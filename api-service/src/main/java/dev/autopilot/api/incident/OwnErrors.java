package dev.autopilot.api.incident;

import dev.autopilot.api.problem.UnhandledError;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The api-service's own unhandled errors, grouped like any application's under its built-in
 * project. The event id is the incident id the 500 answer carried, so a caller's report leads to
 * the event. Recording runs after the answer and may fail (the database may be why the request
 * failed): then it is logged, never retried into a loop; a burst is capped at 60 a minute.
 */
@ApplicationScoped
public class OwnErrors {

  private static final Logger LOG = Logger.getLogger(OwnErrors.class);
  private static final String IN_APP = "dev.autopilot.";

  private final IncidentService incidents;
  private final IncidentProjectRepository projects;
  private final IncidentConfig config;
  private final Bucket burst =
      Bucket.builder()
          .addLimit(
              Bandwidth.builder().capacity(60).refillGreedy(60, Duration.ofMinutes(1)).build())
          .build();
  private volatile Long projectId;

  public OwnErrors(
      IncidentService incidents, IncidentProjectRepository projects, IncidentConfig config) {
    this.incidents = incidents;
    this.projects = projects;
    this.config = config;
  }

  void unhandled(@ObservesAsync UnhandledError error) {
    if (!config.ownErrors() || !burst.tryConsume(1)) {
      return;
    }
    try {
      if (projectId == null) {
        projectId = projects.own().id;
      }
      incidents.record(
          new IncidentService.Ingested(
              projectId, event(error), "{\"path\":\"" + safe(error.path()) + "\"}"));
    } catch (RuntimeException e) {
      LOG.warnf("Incident %s was not recorded: %s", error.incident(), e.getMessage());
    }
  }

  SentryEvent event(UnhandledError error) {
    List<SentryEvent.Thrown> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = error.error(); t != null && seen.add(t); t = t.getCause()) {
      chain.add(thrown(t));
    }
    Collections.reverse(chain); // the protocol's order: oldest (the root cause) first
    return new SentryEvent(
        parse(error.incident()),
        java.time.Instant.now(),
        "error",
        "java",
        config.ownRelease(),
        LaunchMode.current().getDefaultProfile(),
        null,
        chain,
        List.of());
  }

  private static SentryEvent.Thrown thrown(Throwable t) {
    List<SentryEvent.Frame> frames = new ArrayList<>();
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = trace.length - 1; i >= 0; i--) {
      StackTraceElement e = trace[i];
      frames.add(
          new SentryEvent.Frame(
              e.getClassName(),
              e.getMethodName(),
              e.getFileName(),
              e.getLineNumber() < 0 ? null : e.getLineNumber(),
              e.getClassName().startsWith(IN_APP)));
    }
    String name = t.getClass().getName();
    int dot = name.lastIndexOf('.');
    return new SentryEvent.Thrown(
        name.substring(dot + 1), dot < 0 ? null : name.substring(0, dot), t.getMessage(), frames);
  }

  private static UUID parse(String incident) {
    try {
      return UUID.fromString(incident);
    } catch (IllegalArgumentException | NullPointerException e) {
      return UUID.randomUUID();
    }
  }

  private static String safe(String path) {
    return path == null ? "" : path.replaceAll("[^A-Za-z0-9/_.~%-]", "_");
  }
}
