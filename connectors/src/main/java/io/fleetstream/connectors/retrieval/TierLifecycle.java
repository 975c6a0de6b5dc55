package io.fleetstream.connectors.retrieval;

import io.fleetstream.common.config.Settings;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SetBucketLifecycleArgs;
import io.minio.errors.MinioException;
import io.minio.messages.Filter;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.Status;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retention of tiered data, enforced by the object store: one expiration rule per key prefix
 * ({@code pointclouds/hot/}, {@code pointclouds/thinned/}, {@code pointclouds/full/}, {@code logs/}), plus a rule
 * that aborts multipart uploads a failed job left behind. {@link #install} puts the rules on the bucket (MinIO,
 * S3); stores without lifecycle support (s3proxy) answer NotImplemented, and {@link #sweep} applies the same
 * rules by listing and deleting, e.g. from a cron job.
 *
 * @param hotWindow              how long every frame is kept; afterwards only the thinned and full tiers remain
 * @param thinnedRetention       how long the downsampled record is kept
 * @param fullRetention          how long full-resolution frames around anomalies are kept
 * @param logRetention           how long log files are kept
 * @param abandonedUploadTimeout when incomplete multipart uploads (never committed by a checkpoint) are aborted
 */
public record TierLifecycle(Duration hotWindow, Duration thinnedRetention, Duration fullRetention,
                            Duration logRetention, Duration abandonedUploadTimeout) implements Serializable {

    public static TierLifecycle from(Settings retention) {
        return new TierLifecycle(retention.duration("hot-window"), retention.duration("thinned"),
                retention.duration("full"), retention.duration("logs"),
                retention.duration("abandoned-uploads"));
    }

    /** Retention per key prefix, in rule order. */
    public Map<String, Duration> expirations() {
        Map<String, Duration> rules = new LinkedHashMap<>();
        rules.put(TierLayout.tierPrefix(RetentionTier.HOT), hotWindow);
        rules.put(TierLayout.tierPrefix(RetentionTier.THINNED), thinnedRetention);
        rules.put(TierLayout.tierPrefix(RetentionTier.FULL), fullRetention);
        rules.put(TierLayout.LOGS_PREFIX, logRetention);
        return rules;
    }

    /** The bucket lifecycle configuration; S3 counts in whole days, so durations are rounded up to days. */
    public LifecycleConfiguration configuration() {
        List<LifecycleConfiguration.Rule> rules = new ArrayList<>();
        expirations().forEach((prefix, retention) -> rules.add(new LifecycleConfiguration.Rule(Status.ENABLED,
                null, new LifecycleConfiguration.Expiration((ZonedDateTime) null, days(retention), null, null),
                new Filter(prefix), "expire-" + prefix.replace('/', '-') , null, null, null)));
        rules.add(new LifecycleConfiguration.Rule(Status.ENABLED,
                new LifecycleConfiguration.AbortIncompleteMultipartUpload(days(abandonedUploadTimeout)), null,
                new Filter(""), "abort-abandoned-uploads", null, null, null));
        return new LifecycleConfiguration(rules);
    }

    /**
     * Installs the rules on {@code bucket}.
     *
     * @return false when the store has no lifecycle support; {@link #sweep} must then run periodically
     */
    public boolean install(MinioClient s3, String bucket) throws IOException {
        try {
            s3.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket).config(configuration()).build());
            return true;
        } catch (MinioException e) {
            if (S3Errors.is(e, S3Errors.NOT_IMPLEMENTED)) {
                return false;
            }
            throw new IOException("cannot set the lifecycle of bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what the rules expire as of {@code now}: objects under each prefix last modified longer ago than
     * its retention.
     *
     * @return the keys deleted
     */
    public List<String> sweep(MinioClient s3, String bucket, Instant now) throws IOException {
        List<String> deleted = new ArrayList<>();
        try {
            for (Map.Entry<String, Duration> rule : expirations().entrySet()) {
                Instant cutoff = now.minus(rule.getValue());
                for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket)
                        .prefix(rule.getKey()).recursive(true).build())) {
                    Item item = result.get();
                    if (!item.lastModified().toInstant().isAfter(cutoff)) {
                        s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(item.objectName()).build());
                        deleted.add(item.objectName());
                    }
                }
            }
        } catch (MinioException e) {
            throw new IOException("retention sweep of bucket " + bucket + " failed: " + e.getMessage(), e);
        }
        return deleted;
    }

    private static int days(Duration d) {
        long days = (d.toMillis() + Duration.ofDays(1).toMillis() - 1) / Duration.ofDays(1).toMillis();
        return (int) Math.max(1, days);
    }
}
