package io.fleetstream.schemas;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;

/** Produces through a topic's own serdes and reads back the bytes that reached the broker. */
final class KafkaTestClients {

    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private KafkaTestClients() {
    }

    static void createTopic(String bootstrapServers, Topic<?, ?> topic) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(topic.newTopic((short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + topic, e.getCause());
            }
        }
    }

    static <K, V> RecordMetadata produce(String bootstrapServers, Topic<K, V> topic, K key, V value)
            throws InterruptedException, ExecutionException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        Serde<K> keys = topic.keySerde();
        Serde<V> values = topic.valueSerde();
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(config, keys.serializer(), values.serializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    /** The record stored at the given position, exactly as the broker holds it. */
    static ConsumerRecord<byte[], byte[]> readRaw(String bootstrapServers, RecordMetadata position) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(position.topic(), position.partition());
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, position.offset());
            await().atMost(READ_LIMIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).records(partition).stream()
                        .filter(r -> r.offset() == position.offset())
                        .forEach(found::add);
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
