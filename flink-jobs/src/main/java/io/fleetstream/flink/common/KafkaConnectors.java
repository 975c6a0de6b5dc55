package io.fleetstream.flink.common;

import io.fleetstream.schemas.avro.DeadLetterRecord;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds the Kafka sources and sinks of the Fleetstream jobs with the shared conventions: registry-backed Avro
 * values, String keys, read_committed consumers (so transactional producers' aborted writes are never seen),
 * committed group offsets as the starting point with earliest as fallback.
 */
public final class KafkaConnectors {

    private final KafkaSettings kafka;

    public KafkaConnectors(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    public KafkaSettings settings() {
        return kafka;
    }

    /** An unbounded source of one topic; undecodable records come out as dead letters. */
    public <T extends SpecificRecordBase> KafkaSource<Either<T, DeadLetterRecord>> source(String topic,
            Class<T> type, String groupId) {
        return sourceBuilder(topic, type, groupId).build();
    }

    /**
     * A source that stops at the end offsets found when the job starts; for replays, backfills and tests of a
     * finite input.
     */
    public <T extends SpecificRecordBase> KafkaSource<Either<T, DeadLetterRecord>> boundedSource(String topic,
            Class<T> type, String groupId) {
        return sourceBuilder(topic, type, groupId).setBounded(OffsetsInitializer.latest()).build();
    }

    private <T extends SpecificRecordBase> org.apache.flink.connector.kafka.source.KafkaSourceBuilder<
            Either<T, DeadLetterRecord>> sourceBuilder(String topic, Class<T> type, String groupId) {
        Properties consumer = new Properties();
        consumer.putAll(kafka.consumer());
        consumer.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return KafkaSource.<Either<T, DeadLetterRecord>>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RegistryAvroDeserializationSchema<>(type, kafka, groupId))
                .setProperties(consumer);
    }

    /**
     * A sink of Avro values keyed by {@code key}. With {@link DeliveryGuarantee#EXACTLY_ONCE} records are written in
     * Kafka transactions committed on checkpoint completion, under ids starting with {@code transactionalIdPrefix}
     * (unique per job and sink in a cluster); {@code transactionTimeout} must exceed the checkpoint interval plus
     * the time to recover from a failure, and stay below the broker's transaction.max.timeout.ms.
     */
    public <T extends SpecificRecordBase> KafkaSink<T> sink(String topic, Class<T> type,
            SerializableFunction<T, String> key, DeliveryGuarantee guarantee, String transactionalIdPrefix,
            Duration transactionTimeout) {
        Properties producer = new Properties();
        producer.putAll(kafka.producer());
        producer.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(transactionTimeout.toMillis()));
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new RegistryAvroSerializationSchema<>(topic, type, key, kafka))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }

    /** The dead-letter sink: records are keyed by robot id when it is known. */
    public KafkaSink<DeadLetterRecord> deadLetterSink(String topic, DeliveryGuarantee guarantee,
            String transactionalIdPrefix, Duration transactionTimeout) {
        return sink(topic, DeadLetterRecord.class, DeadLetterRecord::getRobotId, guarantee, transactionalIdPrefix,
                transactionTimeout);
    }
}
