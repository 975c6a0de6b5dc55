package io.fleetstream.flink.tiering;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.config.Settings;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.connectors.retrieval.IndexSettings;
import io.fleetstream.connectors.retrieval.ObjectStoreSettings;
import io.fleetstream.connectors.retrieval.TierLifecycle;
import java.time.Duration;

/**
 * The {@code flink-jobs.tiering} section: what both tiering jobs share (object store, manifest index, retention
 * rules, topics, Kafka transactions).
 *
 * @param transactionTimeout of the Kafka transactions that publish manifests and dead letters: above checkpoint
 *                           interval plus recovery time, below the brokers' transaction.max.timeout.ms
 */
public record TieringSettings(ObjectStoreSettings objectStore, IndexSettings index, TierLifecycle retention,
                              String logsTopic, String pointcloudsTopic, String anomaliesTopic,
                              String manifestsTopic, String deadLetterTopic, Duration transactionTimeout) {

    /**
     * The flink-jobs configuration with this package's defaults ({@code tiering.conf}, section
     * {@code flink-jobs.tiering}) under everything else, environment overrides on top.
     */
    public static FlinkJobsConfig loadConfig() {
        Config base = ConfigFactory.load().withFallback(ConfigFactory.parseResources("tiering.conf"));
        return FlinkJobsConfig.of(ConfigLoader.load(base, System.getenv()));
    }

    /** A byte size such as {@code 8MiB} or {@code 64MB}. */
    static long bytes(Settings s, String key) {
        return ConfigFactory.empty().withValue("v", ConfigValueFactory.fromAnyRef(s.string(key))).getBytes("v");
    }

    public static TieringSettings from(Settings tiering) {
        Settings topics = tiering.section("topics");
        return new TieringSettings(ObjectStoreSettings.from(tiering.section("object-store")),
                IndexSettings.from(tiering.section("index")), TierLifecycle.from(tiering.section("retention")),
                topics.string("logs"), topics.string("pointclouds"), topics.string("anomalies"),
                topics.string("manifests"), topics.string("dead-letters"), tiering.duration("transaction-timeout"));
    }
}
