package io.fleetstream.flink.testing;

import io.fleetstream.schemas.AvroSerdeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, producers and read_committed consumers against the platform's real broker and registry. */
public final class KafkaTestSupport {

    private final String bootstrapServers;
    private final AvroSerdeFactory serdes;

    public KafkaTestSupport(String bootstrapServers, String registryApiUrl) {
        this.bootstrapServers = bootstrapServers;
        this.serdes = AvroSerdeFactory.forRegistry(registryApiUrl);
    }

    /** A new topic with a unique name, so test classes sharing the platform never see each other's records. */
    public String createTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
        return name;
    }

    public <V extends SpecificRecord> void produce(String topic, Class<V> type, List<V> values,
            Function<V, String> key) {
        produce(topic, type, values, key, (value, headers) -> { });
    }

    /** As {@link #produce(String, Class, List, Function)}, with {@code headers} adding each record's headers. */
    public <V extends SpecificRecord> void produce(String topic, Class<V> type, List<V> values,
            Function<V, String> key, BiConsumer<V, Headers> headers) {
        try (Serializer<V> serializer = serdes.valueSerde(type).serializer();
             KafkaProducer<String, V> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                     serializer)) {
            for (V value : values) {
                ProducerRecord<String, V> record = new ProducerRecord<>(topic, key.apply(value), value);
                headers.accept(value, record.headers());
                producer.send(record);
            }
            producer.flush();
        }
    }

    public void produceRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /**
     * Every record of the topic that is committed now: reads with isolation.level=read_committed up to the last
     * stable offset, so records of open or aborted transactions are never returned.
     */
    public <V extends SpecificRecord> List<ConsumerRecord<String, V>> readCommitted(String topic, Class<V> type) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Deserializer<V> deserializer = serdes.valueSerde(type).deserializer();
             KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                     deserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return config;
    }
}
