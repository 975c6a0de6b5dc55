package io.fleetstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.simulator.credentials.CredentialsSettings;
import io.fleetstream.simulator.model.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void defaultsMatchTheDocumentedFleet() {
        SimulatorConfig config = SimulatorConfig.from(ConfigFactory.defaultReference());

        assertThat(config.fleet().robots()).isEqualTo(20);
        assertThat(config.fleet().sites()).containsExactly("site-a", "site-b");
        assertThat(config.fleet().generator().telemetryHz()).isEqualTo(2.0);
        assertThat(config.fleet().generator().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.fleet().generator().pointcloudInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.fleet().faults()).isEmpty();
        assertThat(config.mqtt().address()).isEqualTo("127.0.0.1:1883");
        assertThat(config.mqtt().tls().enabled()).isFalse();
        assertThat(config.credentials().file()).isEqualTo(CredentialsSettings.defaultFile());
        assertThat(config.runFor()).isZero();
    }

    @Test
    void environmentVariablesOverrideIncludingCommaSeparatedLists() {
        Config root = ConfigLoader.load(ConfigFactory.defaultReference(), Map.of(
                "FLEETSTREAM_SIM_ROBOTS", "16",
                "FLEETSTREAM_SIM_MQTT_PORT", "18830",
                "FLEETSTREAM_SIM_SITES", "site-x, site-y,site-z",
                "FLEETSTREAM_SIM_FAULTS", "robot-0003:battery-drain@30s,robot-0015:dropout@45s+30s",
                "FLEETSTREAM_SIM_CREDENTIALS_FILE", "/tmp/creds"));

        SimulatorConfig config = SimulatorConfig.from(root);

        assertThat(config.fleet().robots()).isEqualTo(16);
        assertThat(config.mqtt().port()).isEqualTo(18830);
        assertThat(config.fleet().sites()).containsExactly("site-x", "site-y", "site-z");
        assertThat(config.fleet().faults()).extracting(Fault::spec)
                .containsExactly("robot-0003:battery-drain@30s", "robot-0015:dropout@45s+30s");
        assertThat(config.credentials().file()).isEqualTo(Path.of("/tmp/creds"));
    }

    @Test
    void explicitOverridesWinAndAcceptHoconLists() {
        SimulatorConfig config = SimulatorConfig.load(Map.of(
                "sim.robots", 3,
                "sim.telemetry-hz", 10,
                "sim.faults", List.of("robot-0002:stuck-sensor:cpu_pct@1s"),
                "sim.mqtt.tls.enabled", true));

        assertThat(config.fleet().robots()).isEqualTo(3);
        assertThat(config.fleet().generator().telemetryHz()).isEqualTo(10.0);
        assertThat(config.fleet().faults()).extracting(Fault::spec).containsExactly("robot-0002:stuck-sensor:cpu_pct@1s");
        assertThat(config.mqtt().tls().enabled()).isTrue();
    }

    @Test
    void rejectsFaultsForRobotsOutsideTheFleet() {
        assertThatThrownBy(() -> SimulatorConfig.load(Map.of("sim.robots", 5,
                "sim.faults", List.of("robot-0007:overheat@60s"))))
                .hasMessageContaining("outside the fleet of 5").hasMessageContaining("robot-0007");
    }
}
