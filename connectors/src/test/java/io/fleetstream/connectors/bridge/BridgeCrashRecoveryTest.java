package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge JVM is SIGKILLed in the middle of a 50 000-message publish and started again: every (robot, seq) must
 * be in Kafka. Messages the killed bridge had produced but not yet acknowledged come again (at-least-once); they
 * are counted and logged, not failed on.
 */
@ExtendWith(LocalPlatformExtension.class)
class BridgeCrashRecoveryTest {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeCrashRecoveryTest.class);
    private static final int ROBOTS = 10;
    private static final int PER_ROBOT = 5_000;

    @Test
    void sigkilledBridgeLosesNothing(PlatformEndpoints endpoints, @TempDir Path dir) throws Exception {
        String prefix = "robot-k" + UUID.randomUUID().toString().substring(0, 6);
        List<String> robots = FleetPublisher.robots(prefix, ROBOTS);
        int total = ROBOTS * PER_ROBOT;
        Path log = Files.createDirectories(Path.of("target")).resolve("bridge-crash-test.log");
        try (DeepQueueMqttBroker broker = DeepQueueMqttBroker.start(dir.resolve("mqtt"))) {
            Map<String, Object> settings = BridgeFixture.platformOverrides(endpoints,
                    BridgeFixture.uniqueClientId("crash"));
            settings.put("bridge.mqtt.host", broker.host());
            settings.put("bridge.mqtt.port", broker.port());
            settings.remove("bridge.ops.port");
            BridgeProcess first = BridgeProcess.start(settings, log);
            CountDownLatch halfway = new CountDownLatch(1);
            CompletableFuture<Void> publishing;
            try (FleetPublisher publisher = new FleetPublisher(broker.host(), broker.port(), robots)) {
                publishing = CompletableFuture.runAsync(() -> {
                    try {
                        publisher.publish(PER_ROBOT, acked -> {
                            if (acked == total / 2) {
                                halfway.countDown();
                            }
                        });
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                halfway.await();
                first.kill();
                LOG.info("bridge killed after {} of {} messages were published", publisher.acknowledged(), total);
                try (BridgeProcess second = BridgeProcess.start(settings, log)) {
                    LOG.info("bridge restarted after {} messages were published", publisher.acknowledged());
                    publishing.join();
                    assertThat(publisher.acknowledged()).isEqualTo(total);

                    DeliveryLedger ledger = new DeliveryLedger(robots, PER_ROBOT);
                    try (TopicReader<TelemetrySample> reader = TopicReader.open(endpoints,
                            Topics.forRegistry(endpoints.registryApiUrl()).telemetry(),
                            r -> r.key() != null && r.key().startsWith(prefix))) {
                        reader.readUntil(ledger::complete);
                    }
                    List<String> duplicates = ledger.duplicates();
                    LOG.info("crash recovery: {} distinct of {} published, {} duplicates {}", ledger.distinct(),
                            total, duplicates.size(), duplicates.size() > 50 ? duplicates.subList(0, 50) : duplicates);
                    assertThat(ledger.missing()).isEmpty();
                    assertThat(second.terminate()).as("graceful exit on SIGTERM").isNotEqualTo(137);
                }
            }
        }
    }
}
