package io.fleetstream.connectors.bridge;

import io.fleetstream.schemas.avro.ObjectStoreReference;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes payloads too large for a Kafka record to the S3 object store and returns the reference the Kafka record
 * carries instead (claim check). Object keys are derived from the frame identity, so a redelivered frame
 * overwrites its own object instead of leaving an orphan.
 */
final class ClaimCheckStore {

    private final MinioClient client;
    private final String bucket;
    private final String keyPrefix;

    ClaimCheckStore(BridgeConfig.ObjectStore config) {
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .build();
        this.bucket = config.bucket();
        this.keyPrefix = config.keyPrefix();
    }

    /** Creates the bucket when it does not exist yet. */
    void ensureBucket() throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (MinioException e) {
            throw new IOException("cannot create bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    ObjectStoreReference put(String robotId, String sensor, String frameId, byte[] data) throws IOException {
        String key = keyPrefix + safe(robotId) + "/" + safe(sensor) + "/" + safe(frameId) + ".pcd";
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .data(data, data.length)
                    .headers(Map.of("Content-Type", "application/octet-stream"))
                    .build());
        } catch (MinioException e) {
            throw new IOException("cannot store " + key + " in bucket " + bucket + ": " + e.getMessage(), e);
        }
        return new ObjectStoreReference(bucket, key, (long) data.length, sha256(data));
    }

    /** Keeps user-controlled identifiers from adding path levels or odd characters to object keys. */
    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
