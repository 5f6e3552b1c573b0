package dev.autopilot.api.feedback;

import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The rate-limit buckets in PostgreSQL (Bucket4j's backend, table {@code rate_bucket}); a bucket
 * that would be full again is deleted.
 */
@ApplicationScoped
public class RateBucketRepository {

  private static final Logger LOG = Logger.getLogger(RateBucketRepository.class);

  private final PostgreSQLSelectForUpdateBasedProxyManager<Long> buckets;

  public RateBucketRepository(FeedbackConfig config, AgroalDataSource dataSource) {
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .table("rate_bucket")
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    config.rateWindow()))
            .build();
  }

  /** A proxy for bucket {@code key}; concurrent requests through one proxy share a round trip. */
  public BucketProxy proxy(long key, BucketConfiguration limit) {
    return buckets.builder().withOptimization(Optimizations.batching()).build(key, () -> limit);
  }

  @Scheduled(
      every = "10m",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void removeFullBuckets() {
    try {
      while (buckets.removeExpired(1000) >= 1000) {
        // more to delete
      }
    } catch (RuntimeException e) {
      LOG.debugf("Expired rate buckets not removed (%s)", e.getMessage());
    }
  }
}
