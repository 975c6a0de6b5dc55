package io.fleetstream.streams.health.state;

import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthScope;
import java.time.Instant;

/**
 * Robot counts of one site, or of the whole fleet (the sum of the sites). Immutable: the Kafka Streams
 * aggregators return a new value for every added or removed robot summary.
 *
 * @param updateTime newest wall-clock time of any summary that contributed, epoch milliseconds
 */
public record SiteCounts(int ok, int degraded, int critical, int offline, int lowBattery, int recentAnomaly,
        long updateTime) {

    public static SiteCounts empty() {
        return new SiteCounts(0, 0, 0, 0, 0, 0, 0L);
    }

    public SiteCounts add(RobotSummary robot) {
        return adjust(robot, 1).withUpdateTime(Math.max(updateTime, robot.updateTime()));
    }

    public SiteCounts remove(RobotSummary robot) {
        return adjust(robot, -1);
    }

    public SiteCounts plus(SiteCounts other) {
        return combine(other, 1).withUpdateTime(Math.max(updateTime, other.updateTime));
    }

    public SiteCounts minus(SiteCounts other) {
        return combine(other, -1);
    }

    public int total() {
        return ok + degraded + critical + offline;
    }

    /** The published form; {@code site} is null for the whole fleet. */
    public FleetHealth toFleetHealth(HealthScope scope, String site) {
        return FleetHealth.newBuilder()
                .setScope(scope)
                .setSite(site)
                .setRobotsOk(ok)
                .setRobotsDegraded(degraded)
                .setRobotsCritical(critical)
                .setRobotsOffline(offline)
                .setLowBatteryCount(lowBattery)
                .setRobotsWithRecentAnomalies(recentAnomaly)
                .setTotalRobots(total())
                .setUpdateTime(Instant.ofEpochMilli(updateTime))
                .build();
    }

    private SiteCounts adjust(RobotSummary robot, int sign) {
        HealthLevel level = robot.level();
        return new SiteCounts(
                ok + (level == HealthLevel.OK ? sign : 0),
                degraded + (level == HealthLevel.DEGRADED ? sign : 0),
                critical + (level == HealthLevel.CRITICAL ? sign : 0),
                offline + (level == HealthLevel.OFFLINE ? sign : 0),
                lowBattery + (robot.lowBattery() ? sign : 0),
                recentAnomaly + (robot.recentAnomaly() ? sign : 0),
                updateTime);
    }

    private SiteCounts combine(SiteCounts other, int sign) {
        return new SiteCounts(ok + sign * other.ok, degraded + sign * other.degraded,
                critical + sign * other.critical, offline + sign * other.offline,
                lowBattery + sign * other.lowBattery, recentAnomaly + sign * other.recentAnomaly, updateTime);
    }

    private SiteCounts withUpdateTime(long time) {
        return new SiteCounts(ok, degraded, critical, offline, lowBattery, recentAnomaly, time);
    }

    public static CompactSerde<SiteCounts> serde() {
        return new CompactSerde<>("SiteCounts", 1, SiteCounts::writeTo, SiteCounts::readFrom);
    }

    private static void writeTo(SiteCounts c, CompactWriter out) {
        out.writeInt(c.ok).writeInt(c.degraded).writeInt(c.critical).writeInt(c.offline).writeInt(c.lowBattery)
                .writeInt(c.recentAnomaly).writeLong(c.updateTime);
    }

    private static SiteCounts readFrom(CompactReader in) {
        return new SiteCounts(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readLong());
    }
}
