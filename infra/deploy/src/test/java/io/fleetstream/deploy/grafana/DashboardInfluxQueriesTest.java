package io.fleetstream.deploy.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
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
import io.fleetstream.deploy.influx.InfluxInitScripts;
import io.fleetstream.deploy.grafana.DashboardQuery.Language;
import io.fleetstream.launcher.LocalFleet;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.simulator.credentials.CredentialsFile;

/**
 * Runs every InfluxQL query of every dashboard (panels, variables, annotations) against the real local InfluxDB
 * filled by a short run of the whole pipeline ({@code ./fleetstream run}'s {@link LocalFleet}: simulator, bridge,
 * fleet health, anomaly detection and the InfluxDB job; the test writes no point itself): each must succeed and
 * return data, so a query on a misspelt measurement, field, tag or retention policy, or on data no job writes,
 * fails here instead of showing an empty panel. Template variables get their values as Grafana would: from their
 * own queries, run first, in dashboard order. The Prometheus side is checked where that needs no Prometheus server:
 * every {@code fleetstream_*} metric the dashboards and alerts query must be exposed by the run.
 */
class DashboardInfluxQueriesTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final String DATABASE = "fleet";
    /** Grafana's macros for the dashboards' default range, the last hour ({@code $__interval}: ~1000 points). */
    private static final Map<String, String> MACROS = Map.of(
            "timeFilter", "time >= now() - 1h and time <= now()",
            "__interval", "5s");
    /**
     * What Grafana selects when a dashboard opens (no saved {@code current} value): "All" for a variable that
     * includes it, else the first option, which for these variables must be the following. robot-0001 is in site-a
     * (robots are assigned to sites round-robin); the faults below make it eventful.
     */
    private static final Map<String, String> DEFAULT_OPTION = Map.of("site", "site-a", "robot", "robot-0001");
    /** Grafana's regex escaping of variable values interpolated into an InfluxQL regex. */
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|\\[\\]{}/]");
    private static final Pattern FLEETSTREAM_METRIC = Pattern.compile("\\bfleetstream_[a-z0-9_]+");
    /** A fill() clause pads empty intervals; whether a query returns data is judged without the padding. */
    private static final Pattern FILL = Pattern.compile("fill\\([^)]*\\)");
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
        InfluxInitScripts.apply(influx, REPO.influxInit());
        retentionPoliciesAfterInit = InfluxInitScripts.retentionPolicies(influx, DATABASE);
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
    void everyInfluxQlQueryOfTheDashboardsIsExtracted() {
        List<String> extracted = influxQueries().stream().map(DashboardQuery::text).toList();
        List<String> inTheFiles = Dashboards.files(REPO.grafanaDashboards()).stream()
                .flatMap(f -> influxQlTexts(Dashboards.read(f)).stream()).toList();

        assertThat(inTheFiles).isNotEmpty();
        assertThat(extracted).containsExactlyInAnyOrderElementsOf(inTheFiles);
        assertThat(influxQueries()).extracting(q -> q.location().split(" ")[0]).contains("panel", "variable",
                "annotation");
    }

    @Test
    void everyDashboardInfluxQueryReturnsDataFromAShortSimulatedRun() {
        List<Path> dashboards = Dashboards.files(REPO.grafanaDashboards());
        assertThat(dashboards).isNotEmpty();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            int run = 0;
            for (Path dashboard : dashboards) {
                GrafanaVariables grafana = variablesOf(Dashboards.read(dashboard));
                for (DashboardQuery query : Dashboards.queries(dashboard)) {
                    if (query.language() == Language.INFLUXQL) {
                        assertThat(rowsOf(grafana.apply(query.text()))).as(query.toString()).isPositive();
                        run++;
                    }
                }
            }
            assertThat(run).isEqualTo(influxQueries().size());
            // The offline panels must show a real outage, not only zero counts.
            assertThat(rowsOf("SELECT count(\"level_code\") FROM \"robot_health\" WHERE \"robot\" = 'robot-0004'"
                    + " AND \"level\" = 'OFFLINE' AND time > now() - 1h")).as("robot-0004 reported OFFLINE").isPositive();
        });
    }

    @Test
    void theInitScriptCreatesTheTeamRetentionPolicies() {
        assertThat(retentionPoliciesAfterInit)
                .contains("raw 168h0m0s default=true", "ds_10s 720h0m0s default=false", "ds_1m 9600h0m0s default=false",
                        "tier_index 0s default=false");
    }

    @Test
    void aQueryOnAMeasurementOutsideTheLayoutIsReportedAsEmpty() {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(rowsOf("SELECT last(\"battery_pct\") FROM \"telemetry\" WHERE time > now() - 1h")).isPositive());
        assertThat(rowsOf("SELECT last(\"battery\") FROM \"telemetry\" WHERE time > now() - 1h")).isZero();
        assertThat(rowsOf("SELECT mean(\"mean\") FROM \"telemetry_10s\" WHERE time > now() - 1h")).isZero();
    }

    /**
     * Every {@code fleetstream_*} metric the dashboards' PromQL and the alert rules query is on the run's
     * {@code /metrics} endpoints (the bridge's meters on the launcher's ops endpoint, fleet health's on its own), so a
     * renamed meter cannot leave a panel or an alert silently empty. One malformed telemetry message makes the
     * bridge dead-letter, which creates the dead-letter counter (it has a series per reason, from the first one).
     */
    @Test
    void everyFleetstreamMetricTheDashboardsAndAlertsQueryIsExposedByTheRun() throws Exception {
        Set<String> queried = new TreeSet<>();
        Dashboards.files(REPO.grafanaDashboards()).stream().flatMap(f -> Dashboards.queries(f).stream())
                .filter(q -> q.language() == Language.PROMQL)
                .forEach(q -> FLEETSTREAM_METRIC.matcher(q.text()).results().forEach(m -> queried.add(m.group())));
        FLEETSTREAM_METRIC.matcher(Files.readString(REPO.prometheus().resolve("alerts.yml"))).results()
                .forEach(m -> queried.add(m.group()));
        assertThat(queried).contains("fleetstream_bridge_messages_in_total", "fleetstream_bridge_dlq_total",
                "fleetstream_health_robots");

        publishMalformedTelemetry("robot-0002");

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            Set<String> exposed = new TreeSet<>();
            for (String endpoint : List.of(ops.baseUrl(), fleet.fleetHealthUrl().orElseThrow())) {
                get(endpoint + "/metrics").lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                        .forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
            }
            assertThat(exposed).containsAll(queried);
        });
    }

    /** Publishes a payload that is not JSON as the robot (with its credentials from the run), for the bridge to reject. */
    private static void publishMalformedTelemetry(String robotId) {
        String password = CredentialsFile.loadOrCreate(workDir.resolve("simulator-credentials"), List.of(robotId))
                .password(robotId);
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("dashboard-test-" + robotId)
                .serverHost(platform.endpoints().mqttHost()).serverPort(platform.endpoints().mqttPort())
                .simpleAuth().username(robotId).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildBlocking();
        client.connect();
        try {
            client.publishWith().topic("robots/" + robotId + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{not json".getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            client.disconnect();
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /**
     * Grafana's values for a dashboard's variables: each query variable's options come from running its query
     * (which must offer some) with the variables before it substituted, as Grafana resolves them in order.
     */
    private static GrafanaVariables variablesOf(JsonNode dashboard) {
        GrafanaVariables grafana = new GrafanaVariables();
        MACROS.forEach(grafana::with);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) {
                continue; // no other kind is used; a $name left without a value fails in GrafanaVariables
            }
            String name = variable.path("name").asText();
            JsonNode query = variable.path("query");
            String text = grafana.apply(query.isObject() ? query.path("query").asText() : query.asText());
            List<String> options = tagValues(text);
            assertThat(options).as("options of $" + name + ": " + text).isNotEmpty();
            if (variable.path("includeAll").asBoolean()) {
                List<String> escaped = options.stream().map(o -> REGEX_SPECIAL.matcher(o).replaceAll("\\\\$0"))
                        .toList();
                grafana.with(name, escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")");
            } else {
                assertThat(options.get(0)).as("first option of $" + name).isEqualTo(DEFAULT_OPTION.get(name));
                grafana.with(name, options.get(0));
            }
        }
        return grafana;
    }

    /** The values a {@code SHOW TAG VALUES} query returns (column {@code value}). */
    private static List<String> tagValues(String influxQl) {
        QueryResult result = influx.query(new Query(influxQl, DATABASE));
        assertThat(result.getError()).as(influxQl).isNull();
        List<String> values = new ArrayList<>();
        for (QueryResult.Result statement : result.getResults()) {
            assertThat(statement.getError()).as(influxQl).isNull();
            for (QueryResult.Series series : Objects.requireNonNullElse(statement.getSeries(),
                    List.<QueryResult.Series>of())) {
                int column = series.getColumns().indexOf("value");
                series.getValues().forEach(row -> values.add(String.valueOf(row.get(column))));
            }
        }
        return values;
    }

    /**
     * Every InfluxQL text in a dashboard file, found without knowing Grafana's layout: string fields named
     * {@code query} that start with SELECT or SHOW, anywhere in the tree. Checks the extractor misses none.
     */
    private static List<String> influxQlTexts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(child -> texts.addAll(influxQlTexts(child)));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String value = field.getValue().asText("").strip().toUpperCase(Locale.ROOT);
                if (field.getKey().equals("query") && field.getValue().isTextual()
                        && (value.startsWith("SELECT ") || value.startsWith("SHOW "))) {
                    texts.add(field.getValue().asText());
                } else {
                    texts.addAll(influxQlTexts(field.getValue()));
                }
            });
        }
        return texts;
    }

    private static List<DashboardQuery> influxQueries() {
        return Dashboards.files(REPO.grafanaDashboards()).stream()
                .flatMap(f -> Dashboards.queries(f).stream())
                .filter(q -> q.language() == Language.INFLUXQL)
                .toList();
    }

    /**
     * Rows with at least one non-null value besides time, not counting the intervals a {@code fill()} clause
     * pads (a {@code fill(0)} count would otherwise return rows without any data); an InfluxDB error, of the
     * query as written or without its fill, fails the test with its message.
     */
    private static long rowsOf(String influxQl) {
        rowsOfQuery(influxQl);
        return rowsOfQuery(FILL.matcher(influxQl).replaceAll("fill(none)"));
    }

    private static long rowsOfQuery(String influxQl) {
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
