package io.fleetstream.deploy.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.grafana.DashboardQuery.Language;

/**
 * Runs every InfluxQL query of every dashboard (panels, variables, annotations) against a real InfluxDB holding data
 * in the TEAM.md layout: each must succeed and return data, so a query on a misspelt measurement, field, tag or
 * retention policy fails here instead of showing an empty panel.
 */
class DashboardInfluxQueriesTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final GrafanaVariables GRAFANA = new GrafanaVariables()
            .with("timeFilter", "time > now() - 1h")
            .with("__interval", "10s")
            .with("site", "site-a")
            .with("robot", "robot-0001");

    @TempDir
    static Path workDir;
    private static InfluxServer server;
    private static InfluxDB influx;

    @BeforeAll
    static void startInfluxWithSyntheticFleet() throws Exception {
        server = InfluxServer.start(workDir);
        influx = InfluxDBFactory.connect(server.url());
        SyntheticFleetData.initialise(influx, REPO.influxInit());
        SyntheticFleetData.write(influx, System.currentTimeMillis());
    }

    @AfterAll
    static void stop() {
        if (influx != null) {
            influx.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyDashboardInfluxQueryReturnsData() {
        List<DashboardQuery> queries = influxQueries();
        assertThat(queries).hasSizeGreaterThan(20);

        assertThat(queries).allSatisfy(query -> assertThat(rowsOf(GRAFANA.apply(query.text()))).as(query.toString()).isPositive());
    }

    @Test
    void theInitScriptCreatesTheTeamRetentionPolicies() {
        QueryResult result = influx.query(new Query("SHOW RETENTION POLICIES ON \"fleet\""));
        List<List<Object>> policies = result.getResults().get(0).getSeries().get(0).getValues();

        assertThat(policies).extracting(row -> row.get(0) + " " + row.get(1) + " default=" + row.get(4))
                .contains("raw 168h0m0s default=true", "ds_10s 720h0m0s default=false", "ds_1m 9600h0m0s default=false");
    }

    @Test
    void aQueryOnAMeasurementOutsideTheLayoutIsReportedAsEmpty() {
        assertThat(rowsOf("SELECT last(\"battery\") FROM \"telemetry\" WHERE time > now() - 1h")).isZero();
        assertThat(rowsOf("SELECT mean(\"mean\") FROM \"telemetry_10s\" WHERE time > now() - 1h")).isZero();
    }

    private static List<DashboardQuery> influxQueries() {
        return Dashboards.files(REPO.grafanaDashboards()).stream()
                .flatMap(f -> Dashboards.queries(f).stream())
                .filter(q -> q.language() == Language.INFLUXQL)
                .toList();
    }

    /** Rows with at least one non-null value besides time; an InfluxDB error fails the test with its message. */
    private static long rowsOf(String influxQl) {
        QueryResult result = influx.query(new Query(influxQl, SyntheticFleetData.DATABASE));
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
