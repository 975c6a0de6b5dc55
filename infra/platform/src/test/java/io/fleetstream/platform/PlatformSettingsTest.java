package io.fleetstream.platform;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformSettingsTest {

    @Test
    void defaultsToWellKnownPortsAndAllServices() {
        PlatformSettings settings = new PlatformSettings(Map.of(), new Properties());
        assertThat(settings.workDir()).isEqualTo(Path.of("./work"));
        assertThat(settings.services()).isEqualTo(EnumSet.allOf(ServiceKind.class));
        assertThat(settings.port("kafka.port", 9092)).isEqualTo(9092);

        PlatformEndpoints endpoints = settings.toBuilder().build().endpoints();
        assertThat(endpoints.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(endpoints.mqttPort()).isEqualTo(1883);
        assertThat(endpoints.registryBaseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(endpoints.registryManagementUrl()).isEqualTo("http://127.0.0.1:9000");
        assertThat(endpoints.s3Endpoint()).isEqualTo("http://127.0.0.1:9010");
        assertThat(endpoints.influxUrl()).isEqualTo("http://127.0.0.1:8086");
    }

    @Test
    void systemPropertiesOverrideEnvironmentWhichOverridesDefaults() {
        Properties properties = new Properties();
        properties.setProperty("fleetstream.kafka.port", "19092");
        Map<String, String> env = Map.of("FLEETSTREAM_KAFKA_PORT", "29092", "FLEETSTREAM_MQTT_PORT", "21883",
                "FLEETSTREAM_WORK_DIR", "/tmp/fs-work", "FLEETSTREAM_SERVICES", "kafka, mqtt");
        PlatformSettings settings = new PlatformSettings(env, properties);
        assertThat(settings.port("kafka.port", 9092)).isEqualTo(19092);
        assertThat(settings.port("mqtt.port", 1883)).isEqualTo(21883);
        assertThat(settings.workDir()).isEqualTo(Path.of("/tmp/fs-work"));
        assertThat(settings.services()).containsExactly(ServiceKind.KAFKA, ServiceKind.MQTT);
    }

    @Test
    void rejectsBadValuesNamingTheSetting() {
        PlatformSettings badPort = new PlatformSettings(Map.of("FLEETSTREAM_S3_PORT", "http"), new Properties());
        assertThatThrownBy(() -> badPort.port("s3.port", 9010)).hasMessageContaining("FLEETSTREAM_S3_PORT");
        PlatformSettings badService = new PlatformSettings(Map.of("FLEETSTREAM_SERVICES", "kafka,redis"), new Properties());
        assertThatThrownBy(badService::services).hasMessageContaining("redis");
    }
}
