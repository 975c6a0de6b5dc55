package io.fleetstream.deploy.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.k8s.Manifests;

/** The provisioned dashboards are the three required ones, reference only provisioned datasources, and are unique. */
class DashboardStructureTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();

    @Test
    void theThreeDashboardsAreProvisioned() {
        assertThat(Dashboards.files(REPO.grafanaDashboards())).extracting(p -> p.getFileName().toString())
                .containsExactly("fleet-overview.json", "pipeline-health.json", "robot-drilldown.json");
    }

    @Test
    void everyDatasourceReferenceIsAProvisionedDatasource() throws IOException {
        Set<String> provisioned = new HashSet<>();
        Manifests.YAML.readTree(REPO.grafanaDatasources().toFile()).path("datasources")
                .forEach(ds -> provisioned.add(ds.path("type").asText() + "/" + ds.path("uid").asText()));
        assertThat(provisioned).containsExactlyInAnyOrder("influxdb/fleetstream-influxdb", "prometheus/fleetstream-prometheus");

        for (Path file : Dashboards.files(REPO.grafanaDashboards())) {
            List<JsonNode> references = Dashboards.read(file).findValues("datasource");
            assertThat(references).as(file.toString()).isNotEmpty()
                    .allSatisfy(ds -> assertThat(provisioned).contains(ds.path("type").asText() + "/" + ds.path("uid").asText()));
        }
    }

    @Test
    void dashboardUidsAndPanelIdsAreUnique() {
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files(REPO.grafanaDashboards())) {
            JsonNode dashboard = Dashboards.read(file);
            assertThat(uids.add(dashboard.path("uid").asText())).as("uid of " + file).isTrue();
            Set<Integer> ids = new HashSet<>();
            dashboard.path("panels").forEach(p -> assertThat(ids.add(p.path("id").asInt())).as(file + " panel " + p.path("title")).isTrue());
        }
    }

    @Test
    void robotDrillDownShowsAnomaliesAsAnnotations() {
        List<DashboardQuery> annotations = Dashboards.queries(REPO.grafanaDashboards().resolve("robot-drilldown.json")).stream()
                .filter(q -> q.location().startsWith("annotation")).toList();

        assertThat(annotations).anySatisfy(q -> assertThat(q.text()).contains("FROM \"anomalies\""));
    }

    @Test
    void aBuilderModeInfluxTargetIsRejected() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Dashboards.queries(
                REPO.root().resolve("infra/deploy/src/test/resources/dashboards/builder-mode.json"))))
                .hasMessageContaining("raw InfluxQL");
    }
}
