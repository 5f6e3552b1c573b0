package dev.autopilot.api.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Outbound notifications: signed webhooks (Standard Webhooks) and Slack incoming webhooks. */
@ConfigMapping(prefix = "autopilot.notify")
public interface NotifyConfig {

  /** Endpoints by name ({@code autopilot.notify.endpoints.<name>.url=…}); none by default. */
  Map<String, Endpoint> endpoints();

  /** Board address put in links ({@code https://autopilot.example.com}); no links without it. */
  Optional<String> boardUrl();

  /** Delay before the first retry of a failed delivery; it doubles up to the maximum. */
  @WithDefault("5s")
  Duration retryDelay();

  /** Longest delay between retries. */
  @WithDefault("10m")
  Duration maxRetryDelay();

  /** A delivery still failing this long after the event is given up (and listed as failed). */
  @WithDefault("24h")
  Duration giveUpAfter();

  /** How often due deliveries are looked for. */
  @WithDefault("1s")
  Duration pollInterval();

  /** Time an endpoint has to answer one delivery. */
  @WithDefault("10s")
  Duration timeout();

  /**
   * New incidents of one project are told once per window: the first at once, the rest of the
   * window as one more notification at its end ({@code incident.created} with {@code incidents},
   * how many it stands for).
   */
  @WithDefault("5m")
  Duration incidentWindow();

  /** One endpoint. */
  interface Endpoint {

    /** Where events are POSTed. */
    String url();

    /** {@code standard} (Standard Webhooks JSON, signed) or {@code slack} (incoming webhook). */
    @WithDefault("standard")
    Format format();

    /** Standard Webhooks secret, {@code whsec_} and base64; required for the standard format. */
    Optional<String> secret();

    /** Event types sent ({@code issue.blocked}, …); all when unset. */
    Optional<List<String>> events();

    /** Keys of the projects whose issues' events are sent ({@code shop,api}); all when unset. */
    Optional<List<String>> projects();
  }

  /** How a payload is written. */
  enum Format {
    STANDARD,
    SLACK
  }
}
