package io.fleetstream.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.k8s.Manifests;
import io.fleetstream.deploy.k8s.RenderedOverlays;
import io.fleetstream.deploy.k8s.Violation;
import io.fleetstream.deploy.tools.ExternalTool;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.Topics;

/** infra/compose/docker-compose.yml is a valid Compose file that meets the local-topology policy. */
class ComposeTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();

    private static JsonNode config;

    private final ComposePolicy policy = new ComposePolicy();

    @BeforeAll
    static void renderWithGeneratedEnvironment() {
        config = RenderedCompose.config();
    }

    @Test
    void composeFileMeetsThePolicy() throws IOException {
        assertThat(policy.check(config)).isEmpty();
        assertThat(policy.checkSecretReferences(Files.readString(REPO.compose()))).isEmpty();
    }

    @Test
    void runsTheWholeTopology() {
        List<String> services = new ArrayList<>();
        config.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).contains("kafka", "kafka-init", "hivemq", "registry", "minio", "minio-setup", "influxdb",
                "bridge", "fleet-health", "retrieval", "anomaly-detection-jobmanager", "telemetry-to-influx-jobmanager",
                "log-tiering-jobmanager", "pointcloud-tiering-jobmanager", "kafka-exporter", "prometheus", "grafana");
    }

    @Test
    void refusesToStartWithoutItsSecrets(@TempDir Path empty) throws IOException {
        ExternalTool.Result result = RenderedCompose.render(
                RenderedCompose.writeEnvFile(empty, List.of("FLEETSTREAM_INFLUX_READER_PASSWORD")));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("FLEETSTREAM_INFLUX_READER_PASSWORD");
    }

    @Test
    void usesTheSameImagesAsTheLocalKubernetesOverlay() {
        Map<String, String> kubernetes = imageTags(RenderedOverlays.render("overlays/local").stream()
                .flatMap(m -> m.node().findValues("image").stream()).map(JsonNode::asText).toList());
        Map<String, String> compose = imageTags(config.findValues("image").stream().map(JsonNode::asText).toList());

        kubernetes.forEach((image, tag) -> {
            if (compose.containsKey(image)) {
                assertThat(compose.get(image)).as(image).isEqualTo(tag);
            }
        });
        assertThat(compose).containsKeys("hivemq/hivemq-ce", "apicurio/apicurio-registry", "minio/minio", "influxdb", "grafana/grafana");
    }

    @Test
    void createsExactlyTheTopicsOfTheCatalogue() throws IOException {
        Matcher created = Pattern.compile("(?m)^create_topic (\\S+) (\\d+)(.*)$")
                .matcher(Files.readString(REPO.root().resolve("infra/compose/create-topics.sh")));
        Map<String, String> topics = new TreeMap<>();
        while (created.find()) {
            topics.put(created.group(1), created.group(2) + (created.group(3).contains("cleanup.policy=compact") ? " compact" : ""));
        }
        Map<String, String> expected = Topics.forRegistry("http://127.0.0.1:1/apis/registry/v3").all().stream()
                .collect(Collectors.toMap(Topic::name, t -> t.partitions() + (t.compacted() ? " compact" : ""), (a, b) -> a, TreeMap::new));

        assertThat(topics).isEqualTo(expected);
    }

    @Test
    void portOnAllInterfacesIsCaught() throws IOException {
        JsonNode bad = Manifests.YAML.readTree("""
                services:
                  grafana:
                    image: grafana/grafana:12.2.0
                    restart: unless-stopped
                    ports: ["3000:3000/tcp"]
                    cap_drop: [ALL]
                    security_opt: ["no-new-privileges:true"]
                    healthcheck: {test: ["CMD", "true"]}
                """);
        assertThat(policy.check(bad)).extracting(Violation::rule).containsExactly("loopback-only");
    }

    @Test
    void latestImageAndMissingHealthcheckAreCaught() throws IOException {
        JsonNode bad = Manifests.YAML.readTree("""
                services:
                  influxdb:
                    image: influxdb:latest
                    restart: unless-stopped
                    cap_drop: [ALL]
                    security_opt: ["no-new-privileges:true"]
                """);
        assertThat(policy.check(bad)).extracting(Violation::rule).containsExactlyInAnyOrder("image-pinned", "healthcheck");
    }

    @Test
    void privilegedServiceIsCaught() throws IOException {
        JsonNode bad = Manifests.YAML.readTree("""
                services:
                  minio:
                    image: minio/minio:RELEASE.2025-04-22T22-12-26Z
                    restart: "no"
                    privileged: true
                """);
        assertThat(policy.check(bad)).extracting(Violation::rule).containsOnly("no-privileged");
    }

    @Test
    void literalSecretIsCaught() {
        assertThat(policy.checkSecretReferences("""
                services:
                  minio:
                    environment:
                      MINIO_ROOT_PASSWORD: hunter2
                      MINIO_BROWSER: "off"
                """)).extracting(Violation::rule).containsExactly("secrets-referenced");
    }

    private static Map<String, String> imageTags(List<String> images) {
        Map<String, String> tags = new TreeMap<>();
        for (String image : images) {
            int colon = image.lastIndexOf(':');
            if (colon > image.lastIndexOf('/')) {
                tags.put(image.substring(0, colon), image.substring(colon + 1));
            }
        }
        return tags;
    }
}
