package io.fleetstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.ManagedService;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.simulator.generator.MessageType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Robots ride out a broker restart: what they produce meanwhile is published once the broker is back. */
@ExtendWith(LocalPlatformExtension.class)
class BrokerRestartTest {

    private static final int ROBOTS = 3;

    @TempDir
    Path dir;

    @Test
    void messagesProducedWhileTheBrokerIsDownArePublishedAfterItComesBack(LocalPlatform platform) {
        ManagedService broker = platform.service(ServiceKind.MQTT);
        SimulatorConfig config = SimulatorConfig.load(Map.of(
                "sim.robots", ROBOTS,
                "sim.telemetry-hz", 10,
                "sim.pointcloud-interval", "1s",
                "sim.mqtt.host", platform.endpoints().mqttHost(),
                "sim.mqtt.port", platform.endpoints().mqttPort(),
                "sim.credentials.file", dir.resolve("credentials").toString()));

        FleetSimulator simulator = FleetSimulator.start(config);
        try (simulator) {
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> simulator.stats().published(MessageType.TELEMETRY) >= 30);
            broker.stop();
            long publishedWhileUp = simulator.stats().publishedTotal();
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                SimulatorStats stats = simulator.stats();
                return stats.connectedRobots() == 0 && stats.generatedTotal() > publishedWhileUp + 3 * ROBOTS * 10;
            });
            broker.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                SimulatorStats stats = simulator.stats();
                return stats.connectedRobots() == ROBOTS && stats.inFlight() == 0
                        && stats.publishedTotal() > publishedWhileUp + 3 * ROBOTS * 10;
            });
        } finally {
            broker.start();
        }
        SimulatorStats stats = simulator.stats();

        assertThat(stats.connectionFailures()).isGreaterThanOrEqualTo(ROBOTS);
        assertThat(stats.failedTotal()).isZero();
        assertThat(stats.droppedTotal()).isZero();
        assertThat(stats.inFlight()).isZero();
        for (MessageType type : MessageType.values()) {
            assertThat(stats.published(type)).as(type.name()).isEqualTo(stats.generated(type));
        }
    }
}
