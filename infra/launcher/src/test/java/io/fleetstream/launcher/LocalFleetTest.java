package io.fleetstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./fleetstream run} does, on real services: a platform with MQTT authentication, the bridge and a
 * small simulated fleet; the summary must show telemetry arriving in Kafka with nothing dead-lettered.
 */
class LocalFleetTest {

    @Test
    void simulatedFleetTelemetryArrivesInKafkaThroughAuthenticatedMqtt(@TempDir Path workDir) throws Exception {
        try (LocalPlatform platform = LocalPlatform.builder().workDir(workDir).mqttAuthentication(true).build()) {
            platform.start();
            try (OpsServer ops = OpsServer.start("127.0.0.1", 0, "local-fleet-test");
                 LocalFleet fleet = LocalFleet.start(platform, ops, Map.of("sim.robots", 3, "sim.telemetry-hz", 5))) {
                PlatformHealth.register(ops, platform);
                await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                    FleetSummary summary = fleet.summary();
                    assertThat(summary.robotsConnected()).isEqualTo(3);
                    assertThat(summary.telemetryInKafka()).isGreaterThanOrEqualTo(30);
                });
                FleetSummary summary = fleet.summary();
                assertThat(summary.deadLettered()).isZero();
                assertThat(summary.errors()).isZero();
                assertThat(summary.bridgeReceived()).isGreaterThanOrEqualTo(summary.telemetryInKafka());
                assertThat(summary.line(null)).contains("robots 3/3").contains("in Kafka");
                HttpResponse<String> ready = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(ops.baseUrl() + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("\"kafka\"").contains("\"bridge\"");
            }
        }
    }

    @Test
    void argumentsMustBeSimulatorSettings() {
        assertThat(LocalFleetMain.parseArguments(new String[] {"sim.robots=50"})).containsEntry("sim.robots", "50");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalFleetMain.parseArguments(new String[] {"x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sim.<key>=<value>");
    }
}
