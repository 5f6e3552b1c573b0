package dev.autopilot.api.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers due notifications. Each is sent on its own (asynchronously, with a timeout), so an
 * endpoint that is down or slow delays only its own deliveries; each result is recorded in its own
 * transaction: delivered on a 2xx, else retried with exponential backoff and jitter until {@code
 * give-up-after}, then listed as failed. A retry keeps the {@code webhook-id} and is signed anew
 * with a fresh {@code webhook-timestamp}, as the Standard Webhooks spec asks.
 */
@ApplicationScoped
public class NotificationRelay {

  private static final Logger LOG = Logger.getLogger(NotificationRelay.class);
  private static final int BATCH = 100;

  private final NotifyConfig config;
  private final NotificationRepository notifications;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public NotificationRelay(NotifyConfig config, NotificationRepository notifications) {
    this.config = config;
    this.notifications = notifications;
  }

  @Scheduled(
      every = "${autopilot.notify.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void deliverDue() {
    if (config.endpoints().isEmpty()) {
      return;
    }
    // Leased past the send timeout, so no other round takes a delivery still in flight.
    Duration lease = config.timeout().plusSeconds(30);
    List<Notification> due =
        QuarkusTransaction.requiringNew().call(() -> notifications.claimDue(BATCH, lease));
    for (Notification n : due) {
      send(n);
    }
  }

  private void send(Notification n) {
    NotifyConfig.Endpoint endpoint = config.endpoints().get(n.endpoint);
    if (endpoint == null) {
      record(n, null, "endpoint '" + n.endpoint + "' is no longer configured", false);
      return;
    }
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(endpoint.url()))
              .timeout(config.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "Autopilot-Webhooks/1")
              .POST(HttpRequest.BodyPublishers.ofString(n.payload));
    } catch (IllegalArgumentException e) {
      record(n, null, "bad endpoint URL", false);
      return;
    }
    if (endpoint.format() == NotifyConfig.Format.STANDARD) {
      long timestamp = Instant.now().getEpochSecond();
      request
          .header("webhook-id", n.id)
          .header("webhook-timestamp", Long.toString(timestamp))
          .header(
              "webhook-signature",
              new WebhookSigner(endpoint.secret().orElseThrow()).sign(n.id, timestamp, n.payload));
    }
    client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                record(n, null, String.valueOf(error.getMessage()), false);
              } else {
                int status = response.statusCode();
                record(n, status, status / 100 == 2 ? null : "HTTP " + status, status / 100 == 2);
              }
            });
  }

  private void record(Notification n, Integer status, String error, boolean delivered) {
    Instant retryAt = delivered ? null : retryAt(n);
    if (!delivered) {
      LOG.debugf("Notification %s to %s failed (%s)", n.id, n.endpoint, error);
      if (retryAt == null) {
        LOG.warnf("Gave up notification %s to %s: %s", n.id, n.endpoint, error);
      }
    }
    try {
      QuarkusTransaction.requiringNew()
          .run(() -> notifications.attempted(n.id, status, error, delivered, retryAt));
    } catch (RuntimeException e) {
      // The lease runs out and the delivery is tried again: at least once, same id.
      LOG.warnf("Recording notification %s failed: %s", n.id, e.getMessage());
    }
  }

  // Doubling from retry-delay up to max-retry-delay, with up to 20 % jitter; null to give up.
  private Instant retryAt(Notification n) {
    Instant now = Instant.now();
    if (now.isAfter(n.createdAt.plus(config.giveUpAfter()))) {
      return null;
    }
    long base = config.retryDelay().toMillis() << Math.min(20, n.attempts);
    long delay = Math.min(base, config.maxRetryDelay().toMillis());
    delay += ThreadLocalRandom.current().nextLong(delay / 5 + 1);
    return now.plusMillis(delay);
  }
}
