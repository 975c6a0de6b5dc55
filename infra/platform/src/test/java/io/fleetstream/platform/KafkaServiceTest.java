package io.fleetstream.platform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalPlatformExtension.class)
class KafkaServiceTest {

    @Test
    void producesAndConsumesARecord(PlatformEndpoints endpoints) throws Exception {
        String topic = "platform-test-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(endpoints, Map.of())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, "robot-0007", "hello")).get();
            assertThat(written.offset()).isZero();
        }
        List<ConsumerRecord<String, String>> records = KafkaTestClients.readAll(endpoints, topic, 1, IsolationLevel.READ_UNCOMMITTED);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("robot-0007");
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void transactionsWorkOnTheSingleNode(PlatformEndpoints endpoints) throws Exception {
        String topic = "platform-tx-test-" + UUID.randomUUID();
        Map<String, Object> tx = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "platform-test-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = producer(endpoints, tx)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> records = KafkaTestClients.readAll(endpoints, topic, 1, IsolationLevel.READ_COMMITTED);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    private static KafkaProducer<String, String> producer(PlatformEndpoints endpoints, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
