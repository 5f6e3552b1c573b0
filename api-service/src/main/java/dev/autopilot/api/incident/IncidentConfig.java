package dev.autopilot.api.incident;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Incident ingest: the Sentry-protocol endpoints and the api-service's own errors. */
@ConfigMapping(prefix = "autopilot.incidents")
public interface IncidentConfig {

  /** Largest request body as sent (compressed or not); larger is refused with 413. */
  @WithDefault("1048576")
  int maxBodyBytes();

  /** Largest body once decompressed; a gzip bomb stops here with 413. */
  @WithDefault("8388608")
  int maxDecompressedBytes();

  /** Events a DSN key may send per minute; more get 429 with Retry-After, as Sentry answers. */
  @WithDefault("600")
  int eventsPerMinute();

  /** Events a key may send at once above its rate. */
  @WithDefault("200")
  int burst();

  /**
   * Bytes of an event (decompressed) that cost one more rate-limit token beyond the event's own: a
   * 1 MiB event costs 65 tokens at the default, a small one 1.
   */
  @WithDefault("16384")
  int bytesPerToken();

  /**
   * New groups (kinds of error) a project opens per clock hour; new kinds past it are counted on
   * one flood incident of the project and hour instead of opening an issue each.
   */
  @WithDefault("100")
  int newGroupsPerHour();

  /**
   * Event payload bytes a project keeps (until retention deletes them); past it events are still
   * grouped and counted, but their payload is not stored.
   */
  @WithDefault("268435456")
  long maxStoredBytes();

  /** How often a replica adds the payload bytes it stored to the shared figure and reads it. */
  @WithDefault("10s")
  Duration storedBytesSync();

  /**
   * DSN keys that are not known (or revoked) a client address (IPv4, or IPv6 /64) may present per
   * minute; past it the key is not looked up and the answer is 429.
   */
  @WithDefault("30")
  int unknownKeysPerMinute();

  /**
   * Threads recording events; each records what is queued in one transaction (group commit). One is
   * the fastest: the events of a flood share their groups, so a second writer's batch waits on the
   * first one's group locks, and smaller batches cost more round trips per event.
   */
  @WithDefault("1")
  int writers();

  /** Most events per transaction. */
  @WithDefault("64")
  int batchSize();

  /** Events waiting to be recorded before new ones get 503. */
  @WithDefault("10000")
  int queueCapacity();

  /** Whether the api-service's own unhandled errors become incidents of its built-in project. */
  @WithDefault("true")
  boolean ownErrors();

  /** Release named on the api-service's own incidents. */
  @WithDefault("${quarkus.application.version:unknown}")
  String ownRelease();

  /**
   * How often issue bodies catch up with their group's count, last seen and latest release (read by
   * the scheduler; the count itself is always current on the incident panel).
   */
  @WithDefault("5s")
  Duration bodyRefresh();

  /** How long events are kept; groups and their issues are kept. */
  @WithDefault("P30D")
  Duration eventRetention();

  /** Base URL put in DSNs (scheme, host and port); by default the URL the request came in on. */
  Optional<String> publicUrl();
}
