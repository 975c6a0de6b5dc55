package io.fleetstream.schemas;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic of the Fleetstream contract: its name, the serdes of its keys and values, and how it should be
 * created. Instances come from {@link Topics}.
 *
 * <p>{@link #keySerde()} and {@link #valueSerde()} return a new, already configured serde on every call and the
 * caller owns it: Kafka clients close their serializers when they close, so a serde must not be shared between
 * clients.
 */
public final class Topic<K, V> {

    private final String name;
    private final Supplier<Serde<K>> keySerdes;
    private final Supplier<Serde<V>> valueSerdes;
    private final Schema valueSchema;
    private final boolean compacted;
    private final int partitions;

    Topic(String name, Supplier<Serde<K>> keySerdes, Supplier<Serde<V>> valueSerdes, Schema valueSchema,
            boolean compacted, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.keySerdes = Objects.requireNonNull(keySerdes, "keySerdes");
        this.valueSerdes = Objects.requireNonNull(valueSerdes, "valueSerdes");
        this.valueSchema = Objects.requireNonNull(valueSchema, "valueSchema");
        this.compacted = compacted;
        this.partitions = partitions;
    }

    public String name() {
        return name;
    }

    /** A new serde for this topic's keys, owned by the caller. */
    public Serde<K> keySerde() {
        return keySerdes.get();
    }

    /** A new registry-backed serde for this topic's values, owned by the caller. */
    public Serde<V> valueSerde() {
        return valueSerdes.get();
    }

    /** The Avro schema producers register under the subject {@code <name>-value}. */
    public Schema valueSchema() {
        return valueSchema;
    }

    /** Whether the topic keeps only the latest value per key (cleanup.policy=compact). */
    public boolean compacted() {
        return compacted;
    }

    /**
     * Suggested partition count. Topics keyed by robot id share one count so Kafka Streams can join them without
     * repartitioning.
     */
    public int partitions() {
        return partitions;
    }

    /** Topic-level configs that differ from the broker defaults. */
    public Map<String, String> configs() {
        return compacted
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                : Map.of();
    }

    /** The admin-client request that creates this topic with its suggested partitions and configs. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs());
    }

    @Override
    public String toString() {
        return name;
    }
}
