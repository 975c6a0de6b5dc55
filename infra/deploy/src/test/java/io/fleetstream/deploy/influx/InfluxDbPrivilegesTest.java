package io.fleetstream.deploy.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.connectors.retrieval.ManifestIndex;
import io.fleetstream.connectors.retrieval.ManifestIndex.IndexedManifest;
import io.fleetstream.connectors.retrieval.RetrievalSettings;
import io.fleetstream.deploy.k8s.ContainerEnvironment;
import io.fleetstream.deploy.k8s.Manifest;
import io.fleetstream.deploy.k8s.RenderedOverlays;
import io.fleetstream.deploy.k8s.policy.PodTemplate;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.flink.influx.InfluxJobSettings;
import io.fleetstream.flink.influx.InfluxSchema;
import io.fleetstream.flink.tiering.TieringSettings;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;

/**
 * The services run against InfluxDB with the users the Kubernetes manifests give them, on a real influxd with
 * authentication on, provisioned the way the influxdb image does it from the StatefulSet's environment (admin user,
 * database, users with their grants, then the init scripts as admin). None of the services' users is an admin, so
 * whatever they need must exist before they start, and their privileges must cover what they do.
 */
class InfluxDbPrivilegesTest {

    private static final String CREDENTIALS = "fleetstream-influxdb-credentials";
    /** What the influxdb image grants the user each of these variables names, on INFLUXDB_DB. */
    private static final Map<String, String> IMAGE_GRANTS = Map.of(
            "INFLUXDB_USER", "ALL", "INFLUXDB_WRITE_USER", "WRITE", "INFLUXDB_READ_USER", "READ");
    private static final String FLINK_JOBS = "FlinkDeployment";
    private static final String INFLUXDB_SERVICE_URL = "http://influxdb:8086";

    @TempDir
    static Path workDir;
    private static LocalPlatform platform;
    /** The credentials Secret: each "x-user" key holds user "x", each "x-password" key a random password. */
    private static final Map<String, String> SECRET = new HashMap<>();
    private static String database;
    private static String adminUser;
    private static String adminPassword;

    @BeforeAll
    static void provisionAsTheInfluxDbImageDoes() throws Exception {
        platform = LocalPlatform.builder().workDir(workDir).services(ServiceKind.INFLUXDB).influxAuthentication(true)
                .build();
        platform.start();
        Map<String, String> image = environment(RenderedOverlays.named("base", "StatefulSet", "influxdb"), "influxdb");
        database = image.get("INFLUXDB_DB");
        assertThat(database).as("INFLUXDB_DB of the influxdb StatefulSet").isNotBlank();
        adminUser = image.get("INFLUXDB_ADMIN_USER");
        adminPassword = image.get("INFLUXDB_ADMIN_PASSWORD");
        try (InfluxDB firstUser = InfluxDBFactory.connect(platform.endpoints().influxUrl())) {
            execute(firstUser, "CREATE USER \"" + adminUser + "\" WITH PASSWORD '" + adminPassword
                    + "' WITH ALL PRIVILEGES");
        }
        try (InfluxDB asAdmin = as(adminUser, adminPassword)) {
            execute(asAdmin, "CREATE DATABASE \"" + database + "\"");
            IMAGE_GRANTS.forEach((variable, privilege) -> {
                String user = image.get(variable);
                if (user != null) {
                    execute(asAdmin, "CREATE USER \"" + user + "\" WITH PASSWORD '" + image.get(variable + "_PASSWORD")
                            + "'");
                    execute(asAdmin, "GRANT " + privilege + " ON \"" + database + "\" TO \"" + user + "\"");
                }
            });
            InfluxInitScripts.apply(asAdmin, RenderedOverlays.repo().influxInit());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theTelemetryJobFindsItsRetentionPoliciesAsItsUser() {
        InfluxJobSettings influx = InfluxJobSettings.from(flinkJobs().job("influx"));
        assertThat(influx.connection().username()).as("the Flink jobs' InfluxDB user").isNotBlank();

        try (InfluxDB client = influx.connection().connect()) {
            influx.schema().ensure(client);
        }
    }

    @Test
    void theTieringJobsMaintainTheManifestIndexAndTheRetrievalApiReadsIt() throws Exception {
        ManifestIndex written = new ManifestIndex(TieringSettings.from(flinkJobs().job("tiering")).index());
        ManifestIndex read = new ManifestIndex(RetrievalSettings.load(serviceEnvironment("retrieval")).index());
        TierManifest manifest = manifest("robot-" + UUID.randomUUID());

        written.ensure();
        written.write(List.of(new IndexedManifest(manifest, "full")));
        assertThat(written.contains(manifest, "full")).isTrue();

        read.ensure();
        long from = manifest.getStartTime().toEpochMilli();
        assertThat(read.find(manifest.getRobotId(), TierKind.LOGS, null, from, from + 60_000))
                .extracting(IndexedManifest::manifest).containsExactly(manifest);
    }

    @Test
    void aDatabaseWithoutTheRetentionPoliciesStopsTheTelemetryJobWithTheReason() {
        InfluxJobSettings influx = InfluxJobSettings.from(flinkJobs().job("influx"));
        String bare = database + "_bare";
        try (InfluxDB asAdmin = as(adminUser, adminPassword)) {
            execute(asAdmin, "CREATE DATABASE \"" + bare + "\"");
            execute(asAdmin, "GRANT ALL ON \"" + bare + "\" TO \"" + influx.connection().username() + "\"");
        }
        InfluxSchema unprovisioned = new InfluxSchema(bare, influx.schema().retentionPolicies());

        try (InfluxDB client = influx.connection().connect()) {
            assertThatThrownBy(() -> unprovisioned.ensure(client))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("retention policy raw is missing")
                    .hasMessageContaining("requires admin privilege");
        }
    }

    private static FlinkJobsConfig flinkJobs() {
        Config base = ConfigFactory.load().withFallback(ConfigFactory.parseResources("tiering.conf"));
        return FlinkJobsConfig.of(ConfigLoader.load(base, serviceEnvironment(FLINK_JOBS)));
    }

    /**
     * A service's environment in the manifests, with the values of the InfluxDB credentials Secret and the local
     * influxd for every URL that names the influxdb Service; variables from other Secrets are left out.
     */
    private static Map<String, String> serviceEnvironment(String workload) {
        Map<String, String> env = new HashMap<>();
        for (Manifest manifest : RenderedOverlays.render("base")) {
            if (manifest.kind().equals(workload) || manifest.name().equals(workload)) {
                for (PodTemplate pod : PodTemplate.of(manifest)) {
                    for (JsonNode container : pod.spec().path("containers")) {
                        env.putAll(environment(container, pod.subject()));
                    }
                }
            }
        }
        assertThat(env).as("environment of " + workload).isNotEmpty();
        env.replaceAll((name, value) -> value.equals(INFLUXDB_SERVICE_URL) ? platform.endpoints().influxUrl() : value);
        return env;
    }

    /** The environment of the container named {@code containerName} of {@code manifest}, as for a service. */
    private static Map<String, String> environment(Manifest manifest, String containerName) {
        for (PodTemplate pod : PodTemplate.of(manifest)) {
            for (JsonNode container : pod.spec().path("containers")) {
                if (container.path("name").asText().equals(containerName)) {
                    return environment(container, pod.subject());
                }
            }
        }
        throw new AssertionError(manifest.id() + " has no container " + containerName);
    }

    private static Map<String, String> environment(JsonNode container, String subject) {
        Map<String, String> env = ContainerEnvironment.of(container, ContainerEnvironment.configMaps("base"),
                (secret, key) -> secret.equals(CREDENTIALS) ? secretValue(key) : null, subject);
        env.values().removeIf(Objects::isNull);
        return env;
    }

    private static String secretValue(String key) {
        return SECRET.computeIfAbsent(key, k -> k.endsWith("-user")
                ? k.substring(0, k.length() - "-user".length())
                : UUID.randomUUID().toString());
    }

    private static InfluxDB as(String user, String password) {
        return InfluxDBFactory.connect(platform.endpoints().influxUrl(), user, password);
    }

    private static void execute(InfluxDB influx, String statement) {
        QueryResult result = influx.query(new Query(statement));
        assertThat(result.hasError() || result.getResults().stream().anyMatch(QueryResult.Result::hasError))
                .as(statement + ": " + result).isFalse();
    }

    private static TierManifest manifest(String robot) {
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        return TierManifest.newBuilder().setBucket("fleetstream-tier").setObjectKey("logs/" + robot + "/1.jsonl.zst")
                .setRobotId(robot).setSite("site-a").setKind(TierKind.LOGS).setSensor(null).setStartTime(start)
                .setEndTime(start.plusSeconds(60)).setRecordCount(3).setByteSize(120).setCodec("zstd")
                .setSha256("0".repeat(64)).setFrames(List.of()).setCreatedAt(start.plusSeconds(61)).build();
    }
}
