package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {

    @Test
    void referenceConfigurationDescribesTheContractRoutes() {
        BridgeConfig config = BridgeConfig.from(ConfigLoader.load(ConfigFactory.load(), Map.of()));

        assertThat(config.routes()).extracting(r -> r.filter().toString(), Route::kafkaTopic, Route::payload)
                .containsExactly(
                        tuple("robots/+/telemetry", "robots.telemetry", PayloadType.TELEMETRY),
                        tuple("robots/+/heartbeat", "robots.heartbeats", PayloadType.HEARTBEAT),
                        tuple("robots/+/logs", "robots.logs", PayloadType.LOG),
                        tuple("robots/+/pointcloud", "robots.pointclouds", PayloadType.POINTCLOUD));
        assertThat(config.ops().port()).isEqualTo(8081);
        assertThat(config.mqtt().password()).isEmpty();
        assertThat(config.objectStore()).isEmpty();
        assertThat(config.validation().metricRanges()).containsEntry("battery_pct", new BridgeConfig.Range(0, 100));
        assertThat(config.pointcloud().inlineMaxBytes()).isEqualTo(900 * 1024);
    }

    @Test
    void environmentOverridesEveryKeyAndSecretsComeFromFiles(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("password"), "s3cr3t\n");
        Map<String, String> env = Map.of(
                "FLEETSTREAM_BRIDGE_MQTT_PORT", "2883",
                "FLEETSTREAM_BRIDGE_MQTT_SHARED_GROUP", "fleetstream-bridge",
                "FLEETSTREAM_BRIDGE_MQTT_PASSWORD_FILE", secret.toString(),
                "FLEETSTREAM_BRIDGE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");

        BridgeConfig config = BridgeConfig.from(ConfigLoader.load(ConfigFactory.load(), env));

        assertThat(config.mqtt().port()).isEqualTo(2883);
        assertThat(config.mqtt().password()).contains("s3cr3t");
        assertThat(config.mqtt().toString()).doesNotContain("s3cr3t");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.mqtt().subscriptionFilter(MqttTopicFilter.parse("robots/+/+")))
                .isEqualTo("$share/fleetstream-bridge/robots/+/+");
    }

    @Test
    void routesThatNoSubscriptionDeliversAreRefused() {
        assertThatThrownBy(() -> BridgeConfig.load(Map.of("bridge.mqtt.subscriptions",
                List.of("robots/+/telemetry"))))
                .hasMessageContaining("robots/+/heartbeat is not covered");
        assertThatThrownBy(() -> BridgeConfig.load(Map.of("bridge.mqtt.connections", 2)))
                .hasMessageContaining("shared-group");
    }
}
