package io.fleetstream.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetHealthConfigTest {

    @Test
    void referenceConfHoldsTheDocumentedDefaults() {
        FleetHealthConfig config = FleetHealthConfig.from(ConfigFactory.load());
        assertThat(config.http().port()).isEqualTo(8082);
        assertThat(config.kafka().applicationId()).isEqualTo("fleetstream-fleet-health");
        HealthRules rules = config.rules();
        assertThat(rules.offlineAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(rules.window().buckets()).isEqualTo(12);
        assertThat(rules.battery().lowBelowPct()).isEqualTo(20.0);
        assertThat(rules.status().critical()).contains("FAULT");
        assertThat(rules.criticalErrorCodes()).isEmpty();
    }

    @Test
    void environmentVariablesOverrideEveryKindOfSetting() {
        FleetHealthConfig config = FleetHealthConfig.from(ConfigLoader.load(ConfigFactory.load(), Map.of(
                "FLEETSTREAM_HEALTH_KAFKA_BOOTSTRAP_SERVERS", "10.0.0.1:9092",
                "FLEETSTREAM_HEALTH_OFFLINE_AFTER", "45s",
                "FLEETSTREAM_HEALTH_BATTERY_LOW_BELOW_PCT", "25",
                "FLEETSTREAM_HEALTH_STATUS_CRITICAL", "FAULT, E_STOP",
                "FLEETSTREAM_HEALTH_ERROR_CODES_CRITICAL", "MOTOR_OVERHEAT")));

        assertThat(config.kafka().bootstrapServers()).isEqualTo("10.0.0.1:9092");
        assertThat(config.rules().offlineAfter()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.rules().battery().lowBelowPct()).isEqualTo(25.0);
        assertThat(config.rules().status().critical()).containsExactlyInAnyOrder("FAULT", "E_STOP");
        assertThat(config.rules().criticalErrorCodes()).containsExactly("MOTOR_OVERHEAT");
    }

    @Test
    void contradictoryRulesFailAtStartUp() {
        assertThatThrownBy(() -> HealthDriver.rules("health.battery.critical-below-pct = 30"))
                .hasMessageContaining("critical-below-pct");
        assertThatThrownBy(() -> HealthDriver.rules("health.window.size = 62s"))
                .hasMessageContaining("whole number of buckets");
    }
}
