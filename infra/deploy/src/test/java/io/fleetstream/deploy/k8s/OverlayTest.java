package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

/** What each overlay must change relative to the base, checked on the rendered output. */
class OverlayTest {

    static final List<String> OVERLAYS = RenderedOverlays.ALL;
    private static final List<String> OWN_IMAGES = List.of("bridge", "fleet-health", "retrieval", "flink-jobs");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everythingLandsInTheFleetstreamNamespace(String overlay) {
        assertThat(RenderedOverlays.render(overlay))
                .filteredOn(m -> !m.is("Namespace"))
                .filteredOn(m -> !m.node().path("metadata").path("namespace").asText().equals("fleetstream"))
                .extracting(Manifest::id)
                .isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyFlinkJobUsesSavepointUpgradesWithStateInS3(String overlay) {
        List<Manifest> jobs = RenderedOverlays.ofKind(overlay, "FlinkDeployment");
        assertThat(jobs).extracting(m -> m.spec().path("job").path("entryClass").asText()).containsExactlyInAnyOrder(
                "io.fleetstream.flink.anomaly.AnomalyDetectionJob", "io.fleetstream.flink.influx.TelemetryToInfluxJob",
                "io.fleetstream.flink.tiering.LogTieringJob", "io.fleetstream.flink.tiering.PointcloudTieringJob");
        assertThat(jobs).allSatisfy(job -> {
            JsonNode config = job.spec().path("flinkConfiguration");
            assertThat(job.spec().path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
            assertThat(config.path("execution.checkpointing.dir").asText()).startsWith("s3://fleetstream-flink/" + job.name() + "/");
            assertThat(config.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://fleetstream-flink/" + job.name() + "/");
            assertThat(config.path("high-availability.storageDir").asText()).startsWith("s3://fleetstream-flink/" + job.name() + "/");
            assertThat(job.spec().path("flinkVersion").asText()).isEqualTo("v2_2");
        });
    }

    @Test
    void localOverlayRunsOneReplicaOfEverything() {
        List<Manifest> local = RenderedOverlays.render("overlays/local");
        assertThat(local).filteredOn(m -> m.is("Deployment") || m.is("StatefulSet") || m.is("KafkaNodePool"))
                .allSatisfy(m -> assertThat(m.spec().path("replicas").asInt(1)).as(m.id()).isEqualTo(1));
        assertThat(RenderedOverlays.ofKind("overlays/local", "KafkaTopic"))
                .allSatisfy(t -> assertThat(t.spec().path("replicas").asInt()).as(t.id()).isEqualTo(1));
        assertThat(RenderedOverlays.ofKind("overlays/local", "PodDisruptionBudget")).isEmpty();
    }

    @Test
    void productionOverlayKeepsTopicsReplicatedAndImagesFromTheRegistry() {
        assertThat(RenderedOverlays.ofKind("overlays/production", "KafkaTopic")).allSatisfy(t -> {
            assertThat(t.spec().path("replicas").asInt()).as(t.id()).isEqualTo(3);
            assertThat(t.spec().path("config").path("min.insync.replicas").asInt()).as(t.id()).isEqualTo(2);
        });
        assertThat(ownImages("overlays/production")).hasSize(7)
                .allSatisfy(image -> assertThat(image).startsWith("ghcr.io/fleetstream/").endsWith(":0.1.0"));
        assertThat(RenderedOverlays.named("overlays/production", "Service", "hivemq").spec().path("type").asText())
                .isEqualTo("LoadBalancer");
    }

    @Test
    void localOverlayRewritesEveryOwnImageIncludingFlinkDeployments() {
        assertThat(ownImages("overlays/local")).hasSize(7)
                .allSatisfy(image -> assertThat(image).endsWith(":0.1.0-SNAPSHOT"));
    }

    private static List<String> ownImages(String overlay) {
        return RenderedOverlays.render(overlay).stream()
                .flatMap(m -> m.node().findValues("image").stream())
                .map(JsonNode::asText)
                .filter(image -> OWN_IMAGES.stream().anyMatch(own -> image.contains("/" + own + ":")))
                .toList();
    }
}
