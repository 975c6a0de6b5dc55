package io.fleetstream.streams.health.state;

import io.fleetstream.schemas.avro.HealthLevel;

/**
 * What the site and fleet aggregates need to know about one robot. Published only when one of the counted
 * properties changes, so the aggregation sees a few records per robot state change rather than one per message.
 *
 * @param updateTime wall-clock time of the change, epoch milliseconds; not part of {@link #countsLike}
 */
public record RobotSummary(String site, HealthLevel level, boolean lowBattery, boolean recentAnomaly,
        long updateTime) {

    /** Whether both summaries count the same way in the aggregates (everything but the update time). */
    public boolean countsLike(RobotSummary other) {
        return other != null && site.equals(other.site) && level == other.level
                && lowBattery == other.lowBattery && recentAnomaly == other.recentAnomaly;
    }

    public static CompactSerde<RobotSummary> serde() {
        return new CompactSerde<>("RobotSummary", 1, RobotSummary::writeTo, RobotSummary::readFrom);
    }

    static void writeTo(RobotSummary s, CompactWriter out) {
        out.writeString(s.site).writeByte(s.level.ordinal()).writeBoolean(s.lowBattery)
                .writeBoolean(s.recentAnomaly).writeLong(s.updateTime);
    }

    static RobotSummary readFrom(CompactReader in) {
        return new RobotSummary(in.readString(), HealthLevel.values()[in.readByte()], in.readBoolean(),
                in.readBoolean(), in.readLong());
    }
}
