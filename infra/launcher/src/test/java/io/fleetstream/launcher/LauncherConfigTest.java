package io.fleetstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherConfigTest {

    @Test
    void runsEveryJobByDefault() {
        assertThat(LauncherConfig.of(Map.of(), Map.of(), Map.of()).jobs())
                .isEqualTo(EnumSet.allOf(DownstreamJob.class));
    }

    @Test
    void jobsAreSelectedByACommaSeparatedEnvironmentVariableOrAnEmptyListForTheIngestHalfOnly() {
        assertThat(LauncherConfig.of(Map.of(), Map.of(),
                Map.of("FLEETSTREAM_LAUNCHER_JOBS", "fleet-health, telemetry-to-influx")).jobs())
                .containsExactly(DownstreamJob.FLEET_HEALTH, DownstreamJob.TELEMETRY_TO_INFLUX);
        assertThat(LauncherConfig.of(Map.of("launcher.jobs", ""), Map.of(), Map.of()).jobs()).isEmpty();
    }

    @Test
    void anUnknownJobIsRejectedWithTheKnownNames() {
        assertThatThrownBy(() -> LauncherConfig.of(Map.of("launcher.jobs", "anomaly"), Map.of(), Map.of()).jobs())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'anomaly'")
                .hasMessageContaining("anomaly-detection");
    }

    @Test
    void explicitSettingsWinOverThePlatformWhichWinsOverTheEnvironment() {
        LauncherConfig config = LauncherConfig.of(
                Map.of("flink-jobs.anomaly.threshold", "0.5"),
                Map.of("flink-jobs.anomaly.threshold", 0.4, "flink-jobs.kafka.bootstrap-servers", "127.0.0.1:1"),
                Map.of("FLEETSTREAM_FLINK_JOBS_KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092",
                        "FLEETSTREAM_HEALTH_OFFLINE_AFTER", "7s"));
        assertThat(config.root().getDouble("flink-jobs.anomaly.threshold")).isEqualTo(0.5);
        assertThat(config.root().getString("flink-jobs.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:1");
        assertThat(config.root().getDuration("health.offline-after")).hasSeconds(7);
        assertThat(config.root().getString("flink-jobs.tiering.logs.group-id")).isEqualTo("fleetstream-log-tiering");
        assertThat(config.flinkParallelism()).isEqualTo(1);
    }

    @Test
    void aLocalRunRollsLogFilesAfterAMinuteUnlessTheEnvironmentSaysOtherwise() {
        assertThat(LauncherConfig.of(Map.of(), Map.of(), Map.of()).root()
                .getDuration("flink-jobs.tiering.logs.max-file-age")).hasMinutes(1);
        assertThat(LauncherConfig.of(Map.of(), Map.of(), Map.of("FLEETSTREAM_FLINK_JOBS_TIERING_LOGS_MAX_FILE_AGE",
                "70m")).root().getDuration("flink-jobs.tiering.logs.max-file-age")).hasMinutes(70);
    }

    @Test
    void runsUntilStoppedByDefaultOrForTheGivenDuration() {
        assertThat(LauncherConfig.of(Map.of(), Map.of(), Map.of()).runDuration()).isEmpty();
        assertThat(LauncherConfig.of(Map.of("launcher.duration", "3m"), Map.of(), Map.of()).runDuration())
                .contains(Duration.ofMinutes(3));
        assertThat(LauncherConfig.of(Map.of(), Map.of(), Map.of("FLEETSTREAM_LAUNCHER_DURATION", "90s"))
                .runDuration()).contains(Duration.ofSeconds(90));
        assertThatThrownBy(() -> LauncherConfig.of(Map.of("launcher.duration", "-1s"), Map.of(), Map.of())
                .runDuration()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
