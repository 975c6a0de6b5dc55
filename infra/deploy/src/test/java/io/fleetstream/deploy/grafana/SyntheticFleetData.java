package io.fleetstream.deploy.grafana;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Writes half an hour of a small fleet into InfluxDB in the layout of TEAM.md ("InfluxDB layout"), after creating the
 * database and retention policies with the same init script the deployments use (infra/influxdb/init).
 * robot-0001 (site-a) is degraded with a low battery and has anomalies; robot-0003 (site-b) is offline.
 */
final class SyntheticFleetData {

    static final String DATABASE = "fleet";
    static final List<String> ROBOTS = List.of("robot-0001", "robot-0002", "robot-0003", "robot-0004");
    static final Map<String, String> SITE_OF = Map.of("robot-0001", "site-a", "robot-0002", "site-a",
            "robot-0003", "site-b", "robot-0004", "site-b");
    static final List<String> METRICS = List.of("battery_pct", "motor_temp_c", "cpu_pct", "pos_x", "pos_y", "velocity_mps");

    private static final long MINUTES = 30;

    private SyntheticFleetData() {
    }

    static void initialise(InfluxDB influx, Path initScripts) throws IOException {
        try (var scripts = Files.list(initScripts)) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".iql")).sorted().toList()) {
                for (String statement : Files.readAllLines(script)) {
                    if (statement.isBlank() || statement.startsWith("--")) {
                        continue;
                    }
                    QueryResult result = influx.query(new Query(statement));
                    if (result.hasError() || result.getResults().stream().anyMatch(QueryResult.Result::hasError)) {
                        throw new IllegalStateException(script + ": " + statement + " failed: " + result);
                    }
                }
            }
        }
    }

    static void write(InfluxDB influx, long nowMillis) {
        long start = nowMillis - TimeUnit.MINUTES.toMillis(MINUTES);
        BatchPoints raw = batch("raw");
        BatchPoints tenSeconds = batch("ds_10s");
        BatchPoints oneMinute = batch("ds_1m");
        for (long time = start; time <= nowMillis; time += 10_000) {
            long t = time;
            int step = (int) ((t - start) / 10_000);
            for (String robot : ROBOTS) {
                String site = SITE_OF.get(robot);
                Map<String, Double> values = metricValues(robot, step);
                Point.Builder telemetry = Point.measurement("telemetry").time(t, TimeUnit.MILLISECONDS)
                        .tag("robot", robot).tag("site", site).addField("status", "ACTIVE");
                values.forEach(telemetry::addField);
                raw.point(telemetry.build());
                values.forEach((metric, value) -> tenSeconds.point(aggregate("telemetry_10s", robot, site, metric, value, t, 10)));
                if (step % 6 == 0) {
                    values.forEach((metric, value) -> oneMinute.point(aggregate("telemetry_1m", robot, site, metric, value, t, 60)));
                }
                raw.point(robotHealth(robot, site, values.get("battery_pct"), t));
            }
            if (step % 3 == 0) {
                raw.point(siteHealth("site-a", 1, 1, 0, 0, 1, 1, t));
                raw.point(siteHealth("site-b", 1, 0, 0, 1, 0, 0, t));
                raw.point(siteHealth("_fleet", 2, 1, 0, 1, 1, 1, t));
            }
            if (step % 30 == 5) {
                Point anomaly = Point.measurement("anomalies").time(t, TimeUnit.MILLISECONDS)
                        .tag("robot", "robot-0001").tag("site", "site-a").tag("metric", "motor_temp_c")
                        .tag("detector", "zscore")
                        .addField("value", 92.5).addField("score", 6.1).addField("expected_low", 35.0)
                        .addField("expected_high", 60.0).addField("reason", "motor temperature far above its band")
                        .build();
                raw.point(anomaly);
                oneMinute.point(anomaly);
            }
        }
        influx.write(raw);
        influx.write(tenSeconds);
        influx.write(oneMinute);
    }

    private static BatchPoints batch(String retentionPolicy) {
        return BatchPoints.database(DATABASE).retentionPolicy(retentionPolicy).build();
    }

    private static Map<String, Double> metricValues(String robot, int step) {
        boolean lowBattery = robot.equals("robot-0001");
        return Map.of(
                "battery_pct", lowBattery ? 15.0 - step * 0.01 : 80.0 - step * 0.02,
                "motor_temp_c", 40.0 + (step % 7),
                "cpu_pct", 20.0 + (step % 11),
                "pos_x", Math.cos(step / 20.0) * 5,
                "pos_y", Math.sin(step / 20.0) * 5,
                "velocity_mps", robot.equals("robot-0003") ? 0.0 : 0.8);
    }

    private static Point aggregate(String measurement, String robot, String site, String metric, double value, long t, long count) {
        return Point.measurement(measurement).time(t, TimeUnit.MILLISECONDS)
                .tag("robot", robot).tag("site", site).tag("metric", metric)
                .addField("min", value - 1).addField("mean", value).addField("max", value + 1).addField("last", value)
                .addField("count", count)
                .build();
    }

    private static Point robotHealth(String robot, String site, double battery, long t) {
        String level = switch (robot) {
            case "robot-0001" -> "DEGRADED";
            case "robot-0003" -> "OFFLINE";
            default -> "OK";
        };
        long code = switch (level) {
            case "DEGRADED" -> 1;
            case "OFFLINE" -> 3;
            default -> 0;
        };
        return Point.measurement("robot_health").time(t, TimeUnit.MILLISECONDS)
                .tag("robot", robot).tag("site", site).tag("level", level)
                .addField("level_code", code).addField("battery_pct", battery)
                .addField("reasons", code == 0 ? "" : level.equals("OFFLINE") ? "no heartbeat for 60s" : "battery below 20%")
                .build();
    }

    private static Point siteHealth(String site, long ok, long degraded, long critical, long offline, long lowBattery,
            long anomalous, long t) {
        return Point.measurement("site_health").time(t, TimeUnit.MILLISECONDS).tag("site", site)
                .addField("ok", ok).addField("degraded", degraded).addField("critical", critical)
                .addField("offline", offline).addField("low_battery", lowBattery).addField("anomalous", anomalous)
                .addField("total", ok + degraded + critical + offline)
                .build();
    }
}
