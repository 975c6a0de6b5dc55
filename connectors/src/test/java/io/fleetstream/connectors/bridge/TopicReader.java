package io.fleetstream.connectors.bridge;

import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic from the beginning with the schemas' registry-backed deserializer, keeping only the records
 * a test cares about (topics are shared by every test of the run).
 */
final class TopicReader<V> implements AutoCloseable {

    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    private final KafkaConsumer<String, V> consumer;
    private final Predicate<ConsumerRecord<String, V>> relevant;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    private TopicReader(KafkaConsumer<String, V> consumer, Predicate<ConsumerRecord<String, V>> relevant) {
        this.consumer = consumer;
        this.relevant = relevant;
    }

    static <V> TopicReader<V> open(PlatformEndpoints endpoints, Topic<String, V> topic,
            Predicate<ConsumerRecord<String, V>> relevant) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new TopicReader<>(consumer, relevant);
    }

    /** Polls until {@code done} holds for the relevant records read so far; fails after a generous limit. */
    List<ConsumerRecord<String, V>> readUntil(Predicate<List<ConsumerRecord<String, V>>> done) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + GIVE_UP + " with " + records.size()
                        + " relevant records: " + abbreviated());
            }
            poll();
        }
        return List.copyOf(records);
    }

    /** Reads whatever is there now: until a poll returns nothing new. */
    List<ConsumerRecord<String, V>> readAvailable() {
        while (poll() > 0) {
            // keep draining
        }
        return List.copyOf(records);
    }

    private int poll() {
        int before = records.size();
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
            if (relevant.test(record)) {
                records.add(record);
            }
        }
        return records.size() - before;
    }

    private String abbreviated() {
        return records.size() <= 5 ? records.toString() : records.subList(0, 5) + "...";
    }

    @Override
    public void close() {
        consumer.close();
    }
}
