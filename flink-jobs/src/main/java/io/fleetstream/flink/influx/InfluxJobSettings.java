package io.fleetstream.flink.influx;

import io.fleetstream.common.config.Settings;
import java.time.Duration;
import java.util.List;

/** The {@code flink-jobs.influx} section. */
public record InfluxJobSettings(int opsPort, InfluxConnection connection, String database, String telemetryTopic,
                                String anomaliesTopic, String robotHealthTopic, String siteHealthTopic,
                                String deadLetterTopic, String groupId, Duration maxOutOfOrderness,
                                Duration idleness, Duration allowedLateness, Duration rawRetention,
                                Duration tenSecondRetention, Duration oneMinuteRetention,
                                InfluxWriterSettings writer) {

    public static InfluxJobSettings from(Settings influx) {
        Settings topics = influx.section("topics");
        Settings retention = influx.section("retention");
        Settings writer = influx.section("writer");
        return new InfluxJobSettings(influx.integer("ops-port"),
                new InfluxConnection(influx.string("url"), influx.string("username"), influx.string("password"),
                        writer.duration("request-timeout")),
                influx.string("database"), topics.string("telemetry"), topics.string("anomalies"),
                topics.string("robot-health"), topics.string("site-health"), topics.string("dead-letters"),
                influx.string("group-id"), influx.duration("max-out-of-orderness"), influx.duration("idleness"),
                influx.duration("allowed-lateness"), retention.duration("raw"), retention.duration("ds-10s"),
                retention.duration("ds-1m"), InfluxWriterSettings.from(writer));
    }

    /** Raw points in the default policy, each downsampled tier in its own longer-lived policy. */
    public InfluxSchema schema() {
        return new InfluxSchema(database, List.of(
                new RetentionPolicy(RetentionPolicy.RAW, rawRetention, true),
                new RetentionPolicy(RetentionPolicy.DOWNSAMPLED_10S, tenSecondRetention, false),
                new RetentionPolicy(RetentionPolicy.DOWNSAMPLED_1M, oneMinuteRetention, false)));
    }

    public InfluxDbSink sink() {
        return new InfluxDbSink(connection, schema(), writer);
    }
}
