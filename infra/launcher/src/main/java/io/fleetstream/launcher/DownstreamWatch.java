package io.fleetstream.launcher;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the downstream jobs produced, for the live summary: the anomalies committed to {@code fleet.anomalies}, the
 * objects the tiering jobs stored (their {@code tier.manifests} records, which are written only once the object
 * is durable) and the latest whole-fleet health record of {@code fleet.health.site}. Anomalies and manifests are
 * counted from when the watch started, so a run on a reused work directory counts its own; health is read from
 * the beginning of its compacted topic. Reads read_committed (aborted transactions and transaction markers do not
 * count) without a consumer group; not thread-safe (the summary loop is its only caller).
 */
final class DownstreamWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final int MAX_POLLS = 20;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<FleetHealth> fleetHealth;
    private final Deserializer<TierManifest> manifests;
    private final boolean anomaliesWatched;
    private long anomalies;
    private FleetHealth latestFleet;
    private TieredObjects tiered = TieredObjects.NONE;

    private DownstreamWatch(KafkaConsumer<String, byte[]> consumer, Deserializer<FleetHealth> fleetHealth,
            Deserializer<TierManifest> manifests, boolean anomaliesWatched) {
        this.consumer = consumer;
        this.fleetHealth = fleetHealth;
        this.manifests = manifests;
        this.anomaliesWatched = anomaliesWatched;
    }

    /** Watches what the selected jobs write; their topics must exist. */
    static DownstreamWatch start(String bootstrapServers, Topics topics, Set<DownstreamJob> jobs) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-launcher-summary"),
                new StringDeserializer(), new ByteArrayDeserializer());
        boolean anomalies = jobs.contains(DownstreamJob.ANOMALY_DETECTION);
        boolean health = jobs.contains(DownstreamJob.FLEET_HEALTH);
        boolean tiering = jobs.contains(DownstreamJob.LOG_TIERING) || jobs.contains(DownstreamJob.POINTCLOUD_TIERING);
        List<TopicPartition> fromNow = new ArrayList<>();
        List<TopicPartition> fromBeginning = new ArrayList<>();
        if (anomalies) {
            fromNow.addAll(partitions(consumer, Topics.FLEET_ANOMALIES));
        }
        if (tiering) {
            fromNow.addAll(partitions(consumer, Topics.TIER_MANIFESTS));
        }
        if (health) {
            fromBeginning.addAll(partitions(consumer, Topics.FLEET_HEALTH_SITE));
        }
        List<TopicPartition> all = new ArrayList<>(fromNow);
        all.addAll(fromBeginning);
        consumer.assign(all);
        consumer.seekToEnd(fromNow);
        consumer.seekToBeginning(fromBeginning);
        // Seeks are lazy: resolve the end offsets now, before the jobs and the simulator start.
        fromNow.forEach(consumer::position);
        return new DownstreamWatch(consumer, health ? topics.siteHealth().valueSerde().deserializer() : null,
                tiering ? topics.tierManifests().valueSerde().deserializer() : null, anomalies);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    /** Catches up with what arrived since the last call (bounded, so one summary line is never held up long). */
    DownstreamFacts facts() {
        for (int i = 0; i < MAX_POLLS; i++) {
            var records = consumer.poll(POLL);
            if (records.isEmpty()) {
                break;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                switch (record.topic()) {
                    case Topics.FLEET_ANOMALIES -> anomalies++;
                    case Topics.TIER_MANIFESTS -> tiered = tiered.plus(
                            manifests.deserialize(record.topic(), record.headers(), record.value()));
                    default -> {
                        if (Topics.WHOLE_FLEET_KEY.equals(record.key()) && record.value() != null) {
                            latestFleet = fleetHealth.deserialize(record.topic(), record.headers(), record.value());
                        }
                    }
                }
            }
        }
        return new DownstreamFacts(anomaliesWatched ? anomalies : null, fleetHealth != null, latestFleet,
                manifests == null ? null : tiered);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** Objects the tiering jobs stored, by kind, and their total size. */
    record TieredObjects(long logObjects, long pointcloudObjects, long bytes) {

        static final TieredObjects NONE = new TieredObjects(0, 0, 0);

        TieredObjects plus(TierManifest manifest) {
            boolean logs = manifest.getKind() == TierKind.LOGS;
            return new TieredObjects(logObjects + (logs ? 1 : 0), pointcloudObjects + (logs ? 0 : 1),
                    bytes + manifest.getByteSize());
        }
    }

    /**
     * @param anomalies committed anomaly events since the watch started, null when the anomaly job is not running
     * @param healthWatched whether the fleet-health app runs
     * @param fleet the latest whole-fleet health, null until the app published one
     * @param tiered objects stored since the watch started, null when no tiering job runs
     */
    record DownstreamFacts(Long anomalies, boolean healthWatched, FleetHealth fleet, TieredObjects tiered) {
    }
}
