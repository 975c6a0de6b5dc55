package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two bridge instances in one shared-subscription group split the traffic of a fleet publishing at a steady rate;
 * when one is SIGKILLed mid-stream the other carries on and nothing is lost. Duplicates are bounded by what the
 * killed instance had in flight.
 *
 * <p>The rate is below what one instance drains on purpose: HiveMQ CE wakes an idle group member only when the
 * shared queue turns non-empty, so under a standing backlog the members already pulling keep all of it (see the
 * module README, "Shared subscriptions").
 */
@ExtendWith(LocalPlatformExtension.class)
class SharedSubscriptionTest {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSubscriptionTest.class);
    private static final int ROBOTS = 10;
    private static final int PER_ROBOT = 2_000;
    private static final int MESSAGES_PER_SECOND = 1_000;
    private static final int MAX_IN_FLIGHT = 500;
    private static final String MESSAGES_IN = "fleetstream_bridge_messages_in_total";

    @Test
    void twoInstancesShareTheLoadAndSurviveTheLossOfOne(PlatformEndpoints endpoints, @TempDir Path dir)
            throws Exception {
        String prefix = "robot-s" + UUID.randomUUID().toString().substring(0, 6);
        List<String> robots = FleetPublisher.robots(prefix, ROBOTS);
        Path log = Files.createDirectories(Path.of("target")).resolve("bridge-shared-test.log");
        DeliveryLedger ledger = new DeliveryLedger(robots, PER_ROBOT);
        try (DeepQueueMqttBroker broker = DeepQueueMqttBroker.start(dir.resolve("mqtt"))) {
            String group = "fleetstream-bridge-" + UUID.randomUUID().toString().substring(0, 6);
            BridgeProcess a = BridgeProcess.start(instance(endpoints, broker, group, "a"), log);
            try (BridgeProcess b = BridgeProcess.start(instance(endpoints, broker, group, "b"), log);
                    FleetPublisher publisher = new FleetPublisher(broker.host(), broker.port(), robots);
                    TopicReader<TelemetrySample> reader = TopicReader.open(endpoints,
                            Topics.forRegistry(endpoints.registryApiUrl()).telemetry(),
                            r -> r.key() != null && r.key().startsWith(prefix))) {
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                    try {
                        publisher.publish(PER_ROBOT, MESSAGES_PER_SECOND, acked -> { });
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                reader.readUntil(records -> ledger.complete(records) || ledger.distinct() >= 6_000);
                double inA = PrometheusText.sum(a.get("/metrics").body(), MESSAGES_IN);
                double inB = PrometheusText.sum(b.get("/metrics").body(), MESSAGES_IN);
                LOG.info("before the kill: instance a took {} messages, instance b {}", inA, inB);
                assertThat(inA).as("instance a receives traffic").isPositive();
                assertThat(inB).as("instance b receives traffic").isPositive();

                a.kill();
                LOG.info("instance a killed after {} records arrived", ledger.distinct());
                publishing.join();
                reader.readUntil(ledger::complete);
                LOG.info("instance b took {} messages in total",
                        PrometheusText.sum(b.get("/metrics").body(), MESSAGES_IN));
            } finally {
                a.close();
            }
        }
        List<String> duplicates = ledger.duplicates();
        LOG.info("shared subscription: {} distinct, {} duplicates {}", ledger.distinct(), duplicates.size(),
                duplicates.size() > 50 ? duplicates.subList(0, 50) : duplicates);
        assertThat(ledger.missing()).isEmpty();
        assertThat(duplicates.size()).as("only the killed instance's in-flight messages can come twice")
                .isLessThanOrEqualTo(MAX_IN_FLIGHT);
    }

    private static Map<String, Object> instance(PlatformEndpoints endpoints, DeepQueueMqttBroker broker,
            String group, String name) {
        Map<String, Object> settings = new HashMap<>(BridgeFixture.platformOverrides(endpoints,
                BridgeFixture.uniqueClientId("shared-" + name)));
        settings.put("bridge.mqtt.host", broker.host());
        settings.put("bridge.mqtt.port", broker.port());
        settings.put("bridge.mqtt.shared-group", group);
        settings.put("bridge.max-in-flight", MAX_IN_FLIGHT);
        settings.put("bridge.mqtt.receive-maximum", MAX_IN_FLIGHT);
        settings.remove("bridge.ops.port");
        return settings;
    }
}
