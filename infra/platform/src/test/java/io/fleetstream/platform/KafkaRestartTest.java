package io.fleetstream.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stopping and starting Kafka keeps its ports, its records and its committed consumer offsets. */
class KafkaRestartTest {
    private static final String TOPIC = "restart-test";
    private static final String GROUP = "restart-test-group";

    @TempDir
    Path workDir;

    @Test
    void restartKeepsPortsRecordsAndOffsets() throws Exception {
        try (LocalPlatform platform = LocalPlatform.builder().workDir(workDir).services(ServiceKind.KAFKA).build().start()) {
            PlatformEndpoints endpoints = platform.endpoints();
            String bootstrap = endpoints.kafkaBootstrapServers();
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "robot-" + i % 7, "before-" + i));
                }
                producer.flush();
                commitOffsetAfterReading(bootstrap, 40);

                platform.kafka().stop();
                assertThat(platform.kafka().isRunning()).isFalse();
                assertThatThrownBy(() -> connect(bootstrap)).isInstanceOf(IOException.class);

                // Sent while the broker is down (send() itself may block on metadata): the client retries until
                // the broker is back on the same port.
                CompletableFuture<RecordMetadata> sentDuringOutage = CompletableFuture.supplyAsync(() -> {
                    try {
                        return producer.send(new ProducerRecord<>(TOPIC, "robot-0", "during-outage")).get();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });

                platform.kafka().start();
                assertThat(platform.kafka().isRunning()).isTrue();
                assertThat(platform.endpoints().kafkaBootstrapServers()).isEqualTo(bootstrap);
                assertThat(sentDuringOutage.get(120, TimeUnit.SECONDS).offset()).isEqualTo(100);
            }

            List<ConsumerRecord<String, String>> all = KafkaTestClients.readAll(endpoints, TOPIC, 101, IsolationLevel.READ_UNCOMMITTED);
            assertThat(all).hasSize(101);
            assertThat(all.get(0).value()).isEqualTo("before-0");
            assertThat(all.get(100).value()).isEqualTo("during-outage");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                assertThat(committed).containsEntry(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(40));
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000), new StringSerializer(), new StringSerializer());
    }

    private static void commitOffsetAfterReading(String bootstrap, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, count), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < count && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            assertThat(read).isEqualTo(count);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(count)));
        }
    }

    private static void connect(String bootstrap) throws IOException {
        String[] hostPort = bootstrap.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
        }
    }
}
