package io.fleetstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AdminClientPropertiesTest {

    @Test
    void keepsConnectionAndSecuritySettingsAndDropsClientTuning() {
        Map<String, Object> producer = Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/ca.p12",
                "linger.ms", "1",
                "compression.type", "lz4",
                "processing.guarantee", "exactly_once_v2");

        Properties admin = AdminClientProperties.from("kafka:9093", producer);

        assertThat(admin).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism",
                "ssl.truststore.location");
        assertThat(admin.getProperty("bootstrap.servers")).isEqualTo("kafka:9093");
        assertThat(admin.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    }

    @Test
    void bootstrapServersOfTheServiceWinOverThePassThroughOnes() {
        Properties admin = AdminClientProperties.from("kafka:9093", Map.of("bootstrap.servers", "elsewhere:9092"));

        assertThat(admin.getProperty("bootstrap.servers")).isEqualTo("kafka:9093");
    }
}
