package io.fleetstream.streams.health;

import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.streams.health.state.RobotState;
import java.time.Instant;
import java.util.List;

/** Builds the published Avro records from a robot's state; shared by the topic output and the HTTP API. */
public final class RobotHealthRecords {

    private RobotHealthRecords() {
    }

    public static RobotHealth health(String robotId, RobotState state, long wallNow) {
        double battery = state.batteryPct();
        double trend = state.batteryTrendPctPerMinute();
        return RobotHealth.newBuilder()
                .setRobotId(robotId)
                .setSite(state.site())
                .setLevel(state.level())
                .setReasons(state.reasons())
                .setLevelSince(state.levelSince() == RobotState.NEVER ? null : Instant.ofEpochMilli(state.levelSince()))
                .setLastSeenEventTime(Instant.ofEpochMilli(state.lastSeenEventTime()))
                .setLastSeenWallTime(Instant.ofEpochMilli(state.lastSeenWallTime()))
                .setBatteryPct(Double.isNaN(battery) ? null : battery)
                .setBatteryTrendPctPerMin(Double.isNaN(trend) ? null : trend)
                .setBatteryTimeToEmptySeconds(state.batteryTimeToEmptySeconds())
                .setStatus(state.status())
                .setErrorCodes(state.errorCodes())
                .setErrorLogRatePerMin(state.errorLogsPerMinute())
                .setWarnLogRatePerMin(state.warnLogsPerMinute())
                .setMessageRatePerSec(state.telemetryPerSecond())
                .setUpdateTime(Instant.ofEpochMilli(wallNow))
                .build();
    }

    public static HealthTransition transition(String robotId, String site, HealthLevel from, HealthLevel to,
            List<String> reasons, long wallNow) {
        return HealthTransition.newBuilder()
                .setRobotId(robotId)
                .setSite(site)
                .setFromLevel(from)
                .setToLevel(to)
                .setReasons(reasons)
                .setTransitionTime(Instant.ofEpochMilli(wallNow))
                .build();
    }
}
