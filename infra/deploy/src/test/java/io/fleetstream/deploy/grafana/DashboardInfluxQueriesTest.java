package io.fleetstream.deploy.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.grafana.DashboardQuery.Language;
import io.fleetstream.launcher.LocalFleet;
import io.fleetstream.platform.LocalPlatform;

/**
 * Runs every InfluxQL query of every dashboard (panels, variables, annotations) against the real local InfluxDB
 * filled by a short run of the whole pipeline ({@code ./fleetstream run}'s {@link LocalFleet}: simulator, bridge,
 * fleet health, anomaly detection and the InfluxDB job): each must succeed and return data, so a query on a
 * misspelt measurement, field, tag or retention policy, or on data no job writes, fails here instead of showing an
 * empty panel.
 */
class DashboardInfluxQueriesTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final String DATABASE = "fleet";
    /** robot-0001 is in site-a (robots are assigned to sites round-robin); the faults below make it eventful. */
    private static final GrafanaVariables GRAFANA = new GrafanaVariables()
            .with("timeFilter", "time > now() - 1h")
            .with("__interval", "10s")
            .with("site", "site-a")
            .with("robot", "robot-0001");
    /**
     * A small fleet in which everything the dashboards show happens within a minute: robot-0001's motor
     * temperature sensor sticks (a flat line the detector flags once its warm-up of 200 samples, 20 s at 10 Hz, is
     * over) while its battery drains fast (time to empty: not OK), robot-0004 drops out (OFFLINE after 5 s), and
     * logs flow. Event-time windows close 1 s after their end and idle partitions stop holding them back after 3 s,
     * so the 1-minute tier gets its first point once the run crosses a minute boundary; the dashboards' queries
     * stay as they are.
     */
    private static final Map<String, Object> RUN = Map.ofEntries(
            Map.entry("sim.robots", 4),
            Map.entry("sim.telemetry-hz", 10),
            Map.entry("sim.heartbeat-interval", "1s"),
            Map.entry("sim.logs-per-minute", 60),
            Map.entry("sim.pointcloud-interval", "0s"),
            Map.entry("sim.faults", "robot-0001:stuck-sensor:motor_temp_c@25s,robot-0001:battery-drain@1s,"
                    + "robot-0004:dropout@10s+10m"),
            Map.entry("launcher.jobs", "fleet-health,anomaly-detection,telemetry-to-influx"),
            Map.entry("health.http.port", 0),
            Map.entry("health.offline-after", "5s"),
            Map.entry("health.battery.trend-min-span", "5s"),
            Map.entry("flink-jobs.runtime.prometheus-port", ""),
            Map.entry("flink-jobs.influx.max-out-of-orderness", "1s"),
            Map.entry("flink-jobs.influx.idleness", "3s"));

    @TempDir
    static Path workDir;
    private static LocalPlatform platform;
    private static OpsServer ops;
    private static LocalFleet fleet;
    private static InfluxDB influx;
    private static List<String> retentionPoliciesAfterInit;

    @BeforeAll
    static void runTheFleetBriefly() throws Exception {
        platform = LocalPlatform.builder().workDir(workDir).mqttAuthentication(true).build();
        platform.start();
        influx = InfluxDBFactory.connect(platform.endpoints().influxUrl());
        retentionPoliciesAfterInit = applyInitScripts(REPO.influxInit());
        ops = OpsServer.start("127.0.0.1", 0, "dashboard-query-test");
        fleet = LocalFleet.start(platform, ops, RUN);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] {fleet, ops, platform}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void everyDashboardInfluxQueryReturnsDataFromAShortSimulatedRun() {
        List<DashboardQuery> queries = influxQueries();
        assertThat(queries).hasSizeGreaterThan(20);

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(queries).allSatisfy(query ->
                    assertThat(rowsOf(GRAFANA.apply(query.text()))).as(query.toString()).isPositive());
            // The offline panels must show a real outage, not only zero counts.
            assertThat(rowsOf("SELECT count(\"level_code\") FROM \"robot_health\" WHERE \"robot\" = 'robot-0004'"
                    + " AND \"level\" = 'OFFLINE' AND time > now() - 1h")).as("robot-0004 reported OFFLINE").isPositive();
        });
    }

    @Test
    void theInitScriptCreatesTheTeamRetentionPolicies() {
        assertThat(retentionPoliciesAfterInit)
                .contains("raw 168h0m0s default=true", "ds_10s 720h0m0s default=false", "ds_1m 9600h0m0s default=false");
    }

    @Test
    void aQueryOnAMeasurementOutsideTheLayoutIsReportedAsEmpty() {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(rowsOf("SELECT last(\"battery_pct\") FROM \"telemetry\" WHERE time > now() - 1h")).isPositive());
        assertThat(rowsOf("SELECT last(\"battery\") FROM \"telemetry\" WHERE time > now() - 1h")).isZero();
        assertThat(rowsOf("SELECT mean(\"mean\") FROM \"telemetry_10s\" WHERE time > now() - 1h")).isZero();
    }

    /** Runs the deployments' init scripts (infra/influxdb/init) and returns the retention policies they left. */
    private static List<String> applyInitScripts(Path initScripts) throws IOException {
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
        QueryResult result = influx.query(new Query("SHOW RETENTION POLICIES ON \"" + DATABASE + "\""));
        return result.getResults().get(0).getSeries().get(0).getValues().stream()
                .map(row -> row.get(0) + " " + row.get(1) + " default=" + row.get(4))
                .toList();
    }

    private static List<DashboardQuery> influxQueries() {
        return Dashboards.files(REPO.grafanaDashboards()).stream()
                .flatMap(f -> Dashboards.queries(f).stream())
                .filter(q -> q.language() == Language.INFLUXQL)
                .toList();
    }

    /** Rows with at least one non-null value besides time; an InfluxDB error fails the test with its message. */
    private static long rowsOf(String influxQl) {
        QueryResult result = influx.query(new Query(influxQl, DATABASE));
        assertThat(result.getError()).as(influxQl).isNull();
        long rows = 0;
        for (QueryResult.Result statement : result.getResults()) {
            assertThat(statement.getError()).as(influxQl).isNull();
            if (statement.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series series : statement.getSeries()) {
                int first = "time".equals(series.getColumns().get(0)) ? 1 : 0;
                rows += series.getValues().stream()
                        .filter(row -> row.subList(first, row.size()).stream().anyMatch(Objects::nonNull))
                        .count();
            }
        }
        return rows;
    }
}
