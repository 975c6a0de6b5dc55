package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka goes down under load and comes back: the bridge keeps at most max-in-flight messages unacknowledged
 * (the broker holds the rest), reports not-ready while Kafka refuses records, and nothing is lost.
 */
@ExtendWith(LocalPlatformExtension.class)
class KafkaOutageTest {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageTest.class);
    private static final int ROBOTS = 10;
    private static final int PER_ROBOT = 2_000;
    private static final int MAX_IN_FLIGHT = 300;

    @Test
    void kafkaOutageStallsIngestionWithinTheWindowAndLosesNothing(LocalPlatform platform, @TempDir Path dir)
            throws Exception {
        PlatformEndpoints endpoints = platform.endpoints();
        String prefix = "robot-o" + UUID.randomUUID().toString().substring(0, 6);
        List<String> robots = FleetPublisher.robots(prefix, ROBOTS);
        String clientId = BridgeFixture.uniqueClientId("outage");
        Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
        try (DeepQueueMqttBroker broker = DeepQueueMqttBroker.start(dir.resolve("mqtt"))) {
            Map<String, Object> settings = BridgeFixture.platformOverrides(endpoints, clientId);
            settings.put("bridge.mqtt.host", broker.host());
            settings.put("bridge.mqtt.port", broker.port());
            settings.put("bridge.max-in-flight", MAX_IN_FLIGHT);
            settings.put("bridge.kafka.retry-backoff-max", "1s");
            // Short producer timeouts so the outage surfaces as failed sends (and retries) within the test.
            settings.put("bridge.kafka.producer.\"delivery.timeout.ms\"", 4000);
            settings.put("bridge.kafka.producer.\"request.timeout.ms\"", 2000);
            settings.put("bridge.kafka.producer.\"max.block.ms\"", 3000);
            Bridge bridge = new Bridge(BridgeConfig.load(settings), new SimpleMeterRegistry());
            bridge.start();
            DeliveryLedger ledger = new DeliveryLedger(robots, PER_ROBOT);
            AtomicInteger maxInFlightSeen = new AtomicInteger();
            try (FleetPublisher publisher = new FleetPublisher(broker.host(), broker.port(), robots);
                    TopicReader<TelemetrySample> reader = TopicReader.open(endpoints, topics.telemetry(),
                            r -> r.key() != null && r.key().startsWith(prefix))) {
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                    try {
                        publisher.publish(PER_ROBOT, acked -> { });
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                reader.readUntil(records -> ledger.complete(records) || ledger.distinct() >= 2_000);

                platform.kafka().stop();
                LOG.info("Kafka stopped after {} records arrived", ledger.distinct());
                HealthCheck ready = bridge.readinessCheck();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    maxInFlightSeen.accumulateAndGet(bridge.metrics().snapshot().inFlight(), Math::max);
                    return !ready.check().healthy();
                });
                LOG.info("bridge not ready during the outage: {}", ready.check().detail());
                long acknowledgedDuringOutage = bridge.metrics().snapshot().acknowledged();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    maxInFlightSeen.accumulateAndGet(bridge.metrics().snapshot().inFlight(), Math::max);
                    return publisher.acknowledged() > acknowledgedDuringOutage + MAX_IN_FLIGHT;
                });
                BridgeMetrics.Snapshot stalled = bridge.metrics().snapshot();
                LOG.info("during the outage: published {}, bridge {}", publisher.acknowledged(), stalled);
                assertThat(stalled.messagesIn() - stalled.acknowledged())
                        .as("messages taken from MQTT but not acknowledged").isLessThanOrEqualTo(MAX_IN_FLIGHT);

                platform.kafka().start();
                LOG.info("Kafka restarted");
                publishing.join();
                reader.readUntil(ledger::complete);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> ready.check().healthy());
            } finally {
                bridge.stop();
            }
            List<String> duplicates = ledger.duplicates();
            LOG.info("Kafka outage: {} distinct, {} duplicates {}", ledger.distinct(), duplicates.size(),
                    duplicates.size() > 50 ? duplicates.subList(0, 50) : duplicates);
            assertThat(ledger.missing()).isEmpty();
            assertThat(maxInFlightSeen.get()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
            assertThat(bridge.metrics().snapshot().kafkaRetries())
                    .as("the outage outlasted the delivery timeout, so records were sent again").isPositive();
            assertThat(bridge.metrics().snapshot().inFlight()).isZero();
        } finally {
            platform.kafka().start();
        }
    }
}
