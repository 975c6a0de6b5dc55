package io.fleetstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * What {@code ./fleetstream run} does, on real services: a platform with MQTT authentication and the whole
 * pipeline on it (fleet health, the four Flink jobs on one MiniCluster, the bridge, a small simulated fleet).
 */
class LocalFleetTest {

    @Test
    void wholePipelineRunsOnTheLocalPlatformAndReportsReadyAndHealth(@TempDir Path workDir) throws Exception {
        try (LocalPlatform platform = LocalPlatform.builder().workDir(workDir).mqttAuthentication(true).build()) {
            platform.start();
            try (OpsServer ops = OpsServer.start("127.0.0.1", 0, "local-fleet-test");
                 LocalFleet fleet = LocalFleet.start(platform, ops, Map.of("sim.robots", 3, "sim.telemetry-hz", 5,
                         "health.http.port", 0, "flink-jobs.runtime.prometheus-port", ""))) {
                PlatformHealth.register(ops, platform);
                await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
                    FleetSummary summary = fleet.summary();
                    assertThat(summary.robotsConnected()).isEqualTo(3);
                    assertThat(summary.telemetryInKafka()).isGreaterThanOrEqualTo(30);
                    assertThat(summary.downstream().fleet()).as("whole-fleet health record").isNotNull();
                    assertThat(summary.downstream().fleet().getTotalRobots()).isEqualTo(3);
                    assertThat(summary.influx().total()).as("points InfluxDB stored").isPositive();
                    assertThat(summary.downstream().tiered().pointcloudObjects()).as("pointcloud objects").isPositive();
                    assertThat(summary.downstream().tiered().logObjects()).as("log objects").isPositive();
                    assertThat(get(ops.baseUrl() + "/ready").statusCode()).isEqualTo(200);
                });
                FleetSummary summary = fleet.summary();
                assertThat(summary.deadLettered()).isZero();
                assertThat(summary.errors()).isZero();
                assertThat(summary.bridgeReceived()).isGreaterThanOrEqualTo(summary.telemetryInKafka());
                assertThat(summary.bridgeProduced()).isGreaterThanOrEqualTo(summary.telemetryInKafka());
                assertThat(summary.downstream().anomalies()).isNotNull();
                assertThat(summary.line(null)).contains("robots 3/3").contains("| Kafka ").contains("| anomalies ")
                        .contains("| health ok ").contains("| InfluxDB points ").contains("| tiered objects logs ");
                assertThat(get(ops.baseUrl() + "/ready").body()).contains("\"kafka\"").contains("\"bridge\"")
                        .contains("\"fleet-health\"").contains("\"flink-anomaly-detection\"")
                        .contains("\"flink-telemetry-to-influx\"").contains("\"flink-log-tiering\"")
                        .contains("\"flink-pointcloud-tiering\"");
                assertThat(get(fleet.fleetHealthUrl().orElseThrow() + "/ready").statusCode()).isEqualTo(200);
                assertThat(get(fleet.flinkRestUrl().orElseThrow() + "/jobs/overview").body())
                        .contains("fleetstream-anomaly-detection").contains("fleetstream-telemetry-to-influx")
                        .contains("fleetstream-log-tiering").contains("fleetstream-pointcloud-tiering");
            }
        }
    }

    @Test
    void argumentsMustBelongToAConfiguredSection() {
        assertThat(LocalFleetMain.parseArguments(new String[] {"sim.robots=50", "launcher.jobs=fleet-health"}))
                .containsEntry("sim.robots", "50").containsEntry("launcher.jobs", "fleet-health");
        assertThatThrownBy(() -> LocalFleetMain.parseArguments(new String[] {"x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<section>.<key>=<value>");
        assertThatThrownBy(() -> LocalFleetMain.parseArguments(new String[] {"robots=5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("robots=5".substring(0, 6));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
