package io.fleetstream.flink.tiering;

import com.github.luben.zstd.ZstdInputStream;
import io.fleetstream.connectors.retrieval.IndexSettings;
import io.fleetstream.connectors.retrieval.ObjectStoreSettings;
import io.fleetstream.connectors.retrieval.TierLifecycle;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.KafkaSettings;
import io.fleetstream.flink.testing.KafkaTestSupport;
import io.fleetstream.platform.PlatformEndpoints;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Per-test isolation on the shared platform (own topics, bucket and index database) and helpers to look at what
 * the tiering jobs left in the object store.
 */
final class TieringFixture {

    final PlatformEndpoints platform;
    final KafkaTestSupport kafka;
    final KafkaConnectors connectors;
    final ObjectStoreSettings store;
    final IndexSettings index;
    final MinioClient s3;
    final TieringSettings tiering;

    TieringFixture(PlatformEndpoints platform) throws Exception {
        this.platform = platform;
        this.kafka = new KafkaTestSupport(platform.kafkaBootstrapServers(), platform.registryApiUrl());
        this.connectors = new KafkaConnectors(KafkaSettings.of(platform.kafkaBootstrapServers(),
                platform.registryApiUrl()));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.store = new ObjectStoreSettings(platform.s3Endpoint(), "us-east-1", platform.s3AccessKey(),
                platform.s3SecretKey(), "tier-it-" + suffix);
        this.index = IndexSettings.of(platform.influxUrl(), "tier_" + suffix);
        this.s3 = store.client();
        store.ensureBucket(s3);
        this.tiering = new TieringSettings(store, index, new TierLifecycle(Duration.ofDays(1), Duration.ofDays(90),
                Duration.ofDays(365), Duration.ofDays(90), Duration.ofDays(1)),
                kafka.createTopic("logs", 2), kafka.createTopic("pointclouds", 2), kafka.createTopic("anomalies", 2),
                kafka.createTopic("manifests", 1), kafka.createTopic("dlq", 1), Duration.ofMinutes(1));
        TieringSetup.prepare(tiering);
    }

    /** Keys of the objects visible under {@code prefix}, sorted. */
    List<String> keys(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(store.bucket()).prefix(prefix)
                .recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        keys.sort(String::compareTo);
        return keys;
    }

    byte[] object(String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key).build())) {
            return in.readAllBytes();
        }
    }

    static List<String> zstdLines(byte[] compressed) throws Exception {
        try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(compressed))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }
}
