package io.fleetstream.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up failures name the service and where its log is, and leave no process behind. */
class FailureReportingTest {

    @TempDir
    Path workDir;

    @Test
    void missingInfluxdPointsAtTheInstallScript() {
        LocalPlatform platform = LocalPlatform.builder().workDir(workDir).services(ServiceKind.INFLUXDB)
                .influxdBinary(workDir.resolve("no-such-influxd")).build();
        assertThatThrownBy(platform::start)
                .isInstanceOf(PlatformStartException.class)
                .hasMessageContaining("InfluxDB")
                .hasMessageContaining("infra/bin/install-prerequisites.sh");
        assertThat(platform.service(ServiceKind.INFLUXDB).isRunning()).isFalse();
    }

    @Test
    void readinessTimeoutNamesServiceAndLogAndKillsTheProcess() {
        LocalPlatform platform = LocalPlatform.builder().workDir(workDir).services(ServiceKind.REGISTRY)
                .readyTimeout(Duration.ofMillis(1)).build();
        Path log = workDir.resolve("registry").resolve("registry.log");
        assertThatThrownBy(platform::start)
                .isInstanceOf(PlatformStartException.class)
                .hasMessageContaining("Apicurio Registry was not ready within")
                .hasMessageContaining("/health/ready")
                .hasMessageContaining(log.toString());
        assertThat(log).exists();
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(workDir.toString()))).isEmpty();
    }

    @Test
    void disabledServicesHaveNoEndpoints() {
        LocalPlatform platform = LocalPlatform.builder().workDir(workDir).services(ServiceKind.KAFKA).build();
        assertThat(platform.endpoints().kafkaBootstrapServers()).startsWith("127.0.0.1:");
        assertThatThrownBy(() -> platform.endpoints().influxUrl())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("InfluxDB is not enabled");
        assertThatThrownBy(platform::mqttUsers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsAPortConfiguredTwice() {
        assertThatThrownBy(() -> LocalPlatform.builder().workDir(workDir).kafkaPort(19092).mqttPort(19092).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19092");
    }
}
