package io.fleetstream.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.streams.health.state.CompactSerde;
import io.fleetstream.streams.health.state.RobotState;
import io.fleetstream.streams.health.state.RobotSummary;
import io.fleetstream.streams.health.state.SiteCounts;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The changelog format of the internal state: a restored robot behaves exactly like the one that was saved. */
class RobotStateSerdeTest {

    private static final HealthRules RULES = HealthDriver.rules("");
    private static final long T0 = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();

    @Test
    void restoredRobotStateHasTheSameSignalsRatesTrendAndLevel() {
        RobotState state = new RobotState(RULES.stateLayout());
        for (int second = 0; second <= 90; second++) {
            state.apply(telemetry(second, 80 - 0.05 * second), T0 + second * 1000L);
        }
        state.apply(heartbeat(91, List.of("W_LIDAR_DIRTY")), T0 + 91_000);
        state.apply(log(92, LogLevel.ERROR), T0 + 92_000);
        state.apply(log(93, LogLevel.WARN), T0 + 93_000);
        state.enterLevel(HealthLevel.DEGRADED, List.of("error codes [W_LIDAR_DIRTY]"), T0 + 91_000);
        state.markPublished(T0 + 91_000);
        state.markSummaryPublished(new RobotSummary("site-a", HealthLevel.DEGRADED, false, false, T0 + 91_000));

        CompactSerde<RobotState> serde = RobotState.serde(RULES.stateLayout());
        byte[] bytes = serde.serialize("changelog", state);
        RobotState restored = serde.deserialize("changelog", bytes);

        long now = T0 + 100_000;
        assertThat(RobotHealthRecords.health("robot-0001", restored, now))
                .isEqualTo(RobotHealthRecords.health("robot-0001", state, now));
        assertThat(restored.publishedSummary()).isEqualTo(state.publishedSummary());
        assertThat(restored.publishDue(now, 5_000)).isEqualTo(state.publishDue(now, 5_000));
        assertThat(restored.batteryTrendPctPerMinute()).isEqualTo(state.batteryTrendPctPerMinute()).isNegative();
        assertThat(restored.telemetryPerSecond()).isEqualTo(state.telemetryPerSecond());
        assertThat(serde.serialize("changelog", restored)).isEqualTo(bytes);
        assertThat(bytes.length).as("a robot's state stays small").isLessThan(600);
    }

    @Test
    void ratesRestartWhenTheBucketWidthChangedBetweenReleases() {
        RobotState state = new RobotState(RULES.stateLayout());
        state.apply(log(0, LogLevel.ERROR), T0);
        byte[] bytes = RobotState.serde(RULES.stateLayout()).serialize("changelog", state);

        HealthRules wider = HealthDriver.rules("health.window.bucket = 10s");
        RobotState restored = RobotState.serde(wider.stateLayout()).deserialize("changelog", bytes);

        assertThat(state.errorLogsPerMinute()).isEqualTo(1.0);
        assertThat(restored.errorLogsPerMinute()).isZero();
        assertThat(restored.lastSeenEventTime()).isEqualTo(T0);
    }

    @Test
    void unknownFormatVersionsAndTruncatedRecordsAreRejected() {
        CompactSerde<SiteCounts> serde = SiteCounts.serde();
        byte[] bytes = serde.serialize("t", new SiteCounts(1, 2, 3, 4, 5, 6, T0));
        assertThat(serde.deserialize("t", bytes)).isEqualTo(new SiteCounts(1, 2, 3, 4, 5, 6, T0));

        byte[] future = bytes.clone();
        future[0] = 9;
        assertThatThrownBy(() -> serde.deserialize("t", future)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(bytes, 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    }

    private static TelemetrySample telemetry(int second, double battery) {
        Instant time = Instant.ofEpochMilli(T0 + second * 1000L);
        return TelemetrySample.newBuilder().setRobotId("robot-0001").setSite("site-a").setEventTime(time)
                .setSeq(second).setMetrics(Map.of("battery_pct", battery)).setStatus("ACTIVE").setIngestTime(time)
                .build();
    }

    private static Heartbeat heartbeat(int second, List<String> errorCodes) {
        Instant time = Instant.ofEpochMilli(T0 + second * 1000L);
        return Heartbeat.newBuilder().setRobotId("robot-0001").setSite("site-a").setEventTime(time).setSeq(0)
                .setStatus("OK").setUptimeSeconds(100).setErrorCodes(errorCodes).setIngestTime(time).build();
    }

    private static LogRecord log(int second, LogLevel level) {
        Instant time = Instant.ofEpochMilli(T0 + second * 1000L);
        return LogRecord.newBuilder().setRobotId("robot-0001").setSite("site-a").setEventTime(time).setSeq(0)
                .setLevel(level).setSource("nav").setMessage("m").setIngestTime(time).build();
    }
}
