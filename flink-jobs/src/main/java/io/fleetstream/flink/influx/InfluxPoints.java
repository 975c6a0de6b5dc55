package io.fleetstream.flink.influx;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * The InfluxDB layout of Fleetstream (TEAM.md, "InfluxDB layout"): which record becomes which point, with which
 * tags and fields, in which retention policy. Timestamps are event times (or the computation time of health
 * states) in milliseconds, so rewriting a record rewrites the same point.
 */
public final class InfluxPoints {

    public static final String TELEMETRY = "telemetry";
    public static final String TELEMETRY_10S = "telemetry_10s";
    public static final String TELEMETRY_1M = "telemetry_1m";
    public static final String ANOMALIES = "anomalies";
    public static final String ROBOT_HEALTH = "robot_health";
    public static final String SITE_HEALTH = "site_health";

    private InfluxPoints() {
    }

    /** Raw telemetry: one float field per finite metric reading, plus the status. */
    public static InfluxPoint telemetry(TelemetrySample sample) {
        Point.Builder point = Point.measurement(TELEMETRY)
                .time(sample.getEventTime().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("robot", sample.getRobotId())
                .tag("site", sample.getSite())
                .addField("status", sample.getStatus());
        for (Map.Entry<String, Double> metric : sample.getMetrics().entrySet()) {
            Double value = metric.getValue();
            if (value != null && Double.isFinite(value)) {
                point.addField(metric.getKey(), value.doubleValue());
            }
        }
        return new InfluxPoint(RetentionPolicy.RAW, line(point));
    }

    public static InfluxPoint downsampled(String measurement, String retentionPolicy, MetricSummary summary) {
        return new InfluxPoint(retentionPolicy, line(Point.measurement(measurement)
                .time(summary.windowStart, TimeUnit.MILLISECONDS)
                .tag("robot", summary.robotId)
                .tag("site", summary.site)
                .tag("metric", summary.metric)
                .addField("min", summary.min)
                .addField("mean", summary.mean())
                .addField("max", summary.max)
                .addField("last", summary.last)
                .addField("count", summary.count)));
    }

    /** An anomaly goes to the raw policy and, because anomalies are rare and worth keeping, to the 1-minute tier. */
    public static List<InfluxPoint> anomaly(AnomalyEvent event) {
        Point.Builder point = Point.measurement(ANOMALIES)
                .time(event.getEventTime().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("robot", event.getRobotId())
                .tag("site", event.getSite())
                .tag("metric", event.getMetric())
                .tag("detector", event.getDetector())
                .addField("value", event.getValue())
                .addField("score", event.getScore())
                .addField("reason", event.getReason());
        if (event.getExpectedLow() != null) {
            point.addField("expected_low", event.getExpectedLow().doubleValue());
        }
        if (event.getExpectedHigh() != null) {
            point.addField("expected_high", event.getExpectedHigh().doubleValue());
        }
        String line = line(point);
        return List.of(new InfluxPoint(RetentionPolicy.RAW, line),
                new InfluxPoint(RetentionPolicy.DOWNSAMPLED_1M, line));
    }

    public static InfluxPoint robotHealth(RobotHealth health) {
        Point.Builder point = Point.measurement(ROBOT_HEALTH)
                .time(health.getUpdateTime().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("robot", health.getRobotId())
                .tag("site", health.getSite())
                .tag("level", health.getLevel().name())
                .addField("level_code", levelCode(health.getLevel()))
                .addField("reasons", String.join("; ", health.getReasons()));
        if (health.getBatteryPct() != null) {
            point.addField("battery_pct", health.getBatteryPct().doubleValue());
        }
        return new InfluxPoint(RetentionPolicy.RAW, line(point));
    }

    public static InfluxPoint siteHealth(FleetHealth health) {
        String site = health.getScope() == HealthScope.FLEET || health.getSite() == null
                ? Topics.WHOLE_FLEET_KEY : health.getSite();
        return new InfluxPoint(RetentionPolicy.RAW, line(Point.measurement(SITE_HEALTH)
                .time(health.getUpdateTime().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("site", site)
                .addField("ok", (long) health.getRobotsOk())
                .addField("degraded", (long) health.getRobotsDegraded())
                .addField("critical", (long) health.getRobotsCritical())
                .addField("offline", (long) health.getRobotsOffline())
                .addField("low_battery", (long) health.getLowBatteryCount())
                .addField("anomalous", (long) health.getRobotsWithRecentAnomalies())
                .addField("total", (long) health.getTotalRobots())));
    }

    /** The numeric level Grafana colours by; fixed by the layout contract, independent of the enum's order. */
    static long levelCode(HealthLevel level) {
        return switch (level) {
            case OK -> 0;
            case DEGRADED -> 1;
            case CRITICAL -> 2;
            case OFFLINE -> 3;
        };
    }

    private static String line(Point.Builder point) {
        return point.build().lineProtocol(TimeUnit.MILLISECONDS);
    }
}
