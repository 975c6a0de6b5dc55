package io.fleetstream.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final Config BASE = ConfigFactory.parseString("""
            bridge {
              kafka.bootstrap-servers = "127.0.0.1:9092"
              max-in-flight = 100
              producer { "linger.ms" = 5 }
            }
            fleetstream.client-property-sections { bridge-producer = "bridge.producer" }
            """);

    @Test
    void envVariableOverridesExistingKeyWithTypedValue() {
        Config config = ConfigLoader.load(BASE, Map.of(
                "FLEETSTREAM_BRIDGE_KAFKA_BOOTSTRAP_SERVERS", "10.0.0.1:9093",
                "FLEETSTREAM_BRIDGE_MAX_IN_FLIGHT", "250"));

        Settings bridge = Settings.of(config, "bridge");
        assertThat(bridge.string("kafka.bootstrap-servers")).isEqualTo("10.0.0.1:9093");
        assertThat(bridge.integer("max-in-flight")).isEqualTo(250);
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        Config config = ConfigLoader.load(BASE, Map.of("FLEETSTREAM_BRIDGE_UNKNOWN", "x", "PATH", "/bin"));

        assertThat(config.hasPath("bridge.unknown")).isFalse();
        assertThat(config.getInt("bridge.max-in-flight")).isEqualTo(100);
    }

    @Test
    void envNameIsUpperSnakeCaseWithPrefix() {
        assertThat(ConfigLoader.envName("bridge.kafka.bootstrap-servers"))
                .isEqualTo("FLEETSTREAM_BRIDGE_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void passThroughSectionKeepsDottedClientKeys() {
        assertThat(Settings.of(ConfigLoader.load(BASE, Map.of()), "bridge").properties("producer"))
                .containsEntry("linger.ms", "5");
    }

    @Test
    void clientPropertySectionTakesAnyPropertyFromTheEnvironment() {
        Config config = ConfigLoader.load(BASE, Map.of(
                "FLEETSTREAM_BRIDGE_PRODUCER_SASL_JAAS_CONFIG", "org.example.Login required;",
                "FLEETSTREAM_BRIDGE_PRODUCER_LINGER_MS", "20",
                "FLEETSTREAM_BRIDGE_SECURITY_PROTOCOL", "SSL"));

        assertThat(Settings.of(config, "bridge").properties("producer"))
                .containsEntry("sasl.jaas.config", "org.example.Login required;")
                .containsEntry("linger.ms", "20")
                .doesNotContainKey("security.protocol");
        assertThat(config.hasPath("bridge.\"security.protocol\"")).isFalse();
    }
}
