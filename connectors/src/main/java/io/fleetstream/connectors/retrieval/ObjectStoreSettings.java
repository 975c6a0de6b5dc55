package io.fleetstream.connectors.retrieval;

import io.fleetstream.common.config.Settings;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The S3 store tiered data goes to (MinIO in production, s3proxy locally) and its bucket. Serializable so Flink
 * can ship it to the task managers; the secret key comes from the environment or a mounted secret file, never
 * from a file in the repository.
 */
public record ObjectStoreSettings(String endpoint, String region, String accessKey, String secretKey, String bucket)
        implements Serializable {

    /** Reads a section with {@code endpoint, region, access-key, secret-key, secret-key-file, bucket}. */
    public static ObjectStoreSettings from(Settings store) {
        String secret = store.string("secret-key");
        String secretFile = store.string("secret-key-file");
        if (secret.isBlank() && !secretFile.isBlank()) {
            try {
                secret = Files.readString(Path.of(secretFile), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the S3 secret key file " + secretFile, e);
            }
        }
        return new ObjectStoreSettings(store.string("endpoint"), store.string("region"), store.string("access-key"),
                secret, store.string("bucket"));
    }

    public MinioClient client() {
        return MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey)
                .httpClient(SharedHttp.CLIENT).build();
    }

    /** The asynchronous client: the only one that exposes the multipart-upload calls. */
    public MinioAsyncClient asyncClient() {
        return MinioAsyncClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey)
                .httpClient(SharedHttp.CLIENT).build();
    }

    /**
     * One HTTP client (connection pool, dispatcher) per JVM for every MinIO client: building MinIO's default client
     * reads the system's CA certificates each time, which took a noticeable part of a task's start-up.
     */
    private static final class SharedHttp {
        static final OkHttpClient CLIENT = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(5))
                .build();
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket(MinioClient client) throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (MinioException e) {
            if (!"BucketAlreadyOwnedByYou".equals(S3Errors.code(e))) {
                throw new IOException("cannot create bucket " + bucket + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "ObjectStore[" + endpoint + ", bucket " + bucket + "]";
    }
}
