package io.fleetstream.launcher;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.FleetHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the downstream jobs produced, for the live summary: the anomalies committed to {@code fleet.anomalies}
 * (read_committed, so aborted transactions and transaction markers do not count) and the latest whole-fleet
 * health record of {@code fleet.health.site}. Reads both topics from the beginning without a consumer group;
 * not thread-safe (the summary loop is its only caller).
 */
final class DownstreamWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final int MAX_POLLS = 20;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<FleetHealth> fleetHealth;
    private final boolean anomaliesWatched;
    private long anomalies;
    private FleetHealth latestFleet;

    private DownstreamWatch(KafkaConsumer<String, byte[]> consumer, Deserializer<FleetHealth> fleetHealth,
            boolean anomaliesWatched) {
        this.consumer = consumer;
        this.fleetHealth = fleetHealth;
        this.anomaliesWatched = anomaliesWatched;
    }

    /** Watches {@code fleet.anomalies} and/or {@code fleet.health.site}, which must exist. */
    static DownstreamWatch start(String bootstrapServers, Topics topics, boolean anomalies, boolean health) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-launcher-summary"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (anomalies) {
            names.add(Topics.FLEET_ANOMALIES);
        }
        if (health) {
            names.add(Topics.FLEET_HEALTH_SITE);
        }
        names.forEach(topic -> consumer.partitionsFor(topic).forEach(p ->
                partitions.add(new TopicPartition(p.topic(), p.partition()))));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new DownstreamWatch(consumer, health ? topics.siteHealth().valueSerde().deserializer() : null,
                anomalies);
    }

    /** Catches up with what arrived since the last call (bounded, so one summary line is never held up long). */
    DownstreamFacts facts() {
        for (int i = 0; i < MAX_POLLS; i++) {
            var records = consumer.poll(POLL);
            if (records.isEmpty()) {
                break;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.topic().equals(Topics.FLEET_ANOMALIES)) {
                    anomalies++;
                } else if (Topics.WHOLE_FLEET_KEY.equals(record.key()) && record.value() != null) {
                    latestFleet = fleetHealth.deserialize(record.topic(), record.headers(), record.value());
                }
            }
        }
        return new DownstreamFacts(anomaliesWatched ? anomalies : null, fleetHealth != null, latestFleet);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /**
     * @param anomalies committed anomaly events, null when the anomaly job is not running
     * @param healthWatched whether the fleet-health app runs
     * @param fleet the latest whole-fleet health, null until the app published one
     */
    record DownstreamFacts(Long anomalies, boolean healthWatched, FleetHealth fleet) {

        static final DownstreamFacts NONE = new DownstreamFacts(null, false, null);

        String line() {
            StringBuilder line = new StringBuilder();
            if (anomalies != null) {
                line.append(" | anomalies ").append(anomalies);
            }
            if (healthWatched) {
                line.append(" | health ");
                line.append(fleet == null ? "pending" : "ok " + fleet.getRobotsOk() + ", degraded "
                        + fleet.getRobotsDegraded() + ", critical " + fleet.getRobotsCritical() + ", offline "
                        + fleet.getRobotsOffline() + ", low battery " + fleet.getLowBatteryCount());
            }
            return line.toString();
        }
    }
}
