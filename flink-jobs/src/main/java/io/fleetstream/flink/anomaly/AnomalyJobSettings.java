package io.fleetstream.flink.anomaly;

import io.fleetstream.common.config.Settings;
import java.time.Duration;

/**
 * The {@code flink-jobs.anomaly} section.
 *
 * @param detector the detector's defaults with the parameters of the {@code detector} subsection on top
 */
public record AnomalyJobSettings(int opsPort, String telemetryTopic, String anomaliesTopic, String deadLetterTopic,
                                 String groupId, String transactionalIdPrefix, Duration transactionTimeout,
                                 double threshold, Duration seriesTtl, DetectorTuning detector) {

    public static AnomalyJobSettings from(Settings anomaly) {
        Settings topics = anomaly.section("topics");
        return new AnomalyJobSettings(anomaly.integer("ops-port"), topics.string("telemetry"),
                topics.string("anomalies"), topics.string("dead-letters"), anomaly.string("group-id"),
                anomaly.string("transactional-id-prefix"), anomaly.duration("transaction-timeout"),
                anomaly.number("threshold"), anomaly.duration("series-ttl"),
                DetectorTuning.of(anomaly.properties("detector")));
    }

    public MetricAnomalyFunction detectorFunction() {
        return new MetricAnomalyFunction(detector, threshold, seriesTtl);
    }
}
