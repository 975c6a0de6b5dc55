package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.Topics;

/** The KafkaTopics deployed are exactly the topics of the schemas module's catalogue, created the way it says. */
class TopicCatalogTest {

    static final List<String> OVERLAYS = RenderedOverlays.ALL;

    /** Creating Topics contacts no registry; the URL only configures serdes nobody uses here. */
    private static final List<Topic<String, ?>> CATALOGUE = Topics.forRegistry("http://127.0.0.1:1/apis/registry/v3").all();

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kafkaTopicsAreExactlyTheCatalogue(String overlay) {
        assertThat(deployedTopics(overlay).keySet())
                .containsExactlyInAnyOrderElementsOf(CATALOGUE.stream().map(Topic::name).toList());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void partitionsAndTopicConfigsFollowTheCatalogue(String overlay) {
        Map<String, JsonNode> deployed = deployedTopics(overlay);
        for (Topic<String, ?> topic : CATALOGUE) {
            JsonNode spec = deployed.get(topic.name()).path("spec");
            assertThat(spec.path("partitions").asInt()).as(topic.name() + " partitions").isEqualTo(topic.partitions());
            topic.configs().forEach((key, value) ->
                    assertThat(spec.path("config").path(key).asText()).as(topic.name() + " " + key).isEqualTo(value));
            String cleanup = spec.path("config").path("cleanup.policy").asText("delete");
            assertThat(cleanup.contains("compact")).as(topic.name() + " compaction").isEqualTo(topic.compacted());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyTopicBelongsToTheFleetstreamCluster(String overlay) {
        assertThat(RenderedOverlays.ofKind(overlay, "KafkaTopic"))
                .allSatisfy(t -> assertThat(t.node().path("metadata").path("labels").path("strimzi.io/cluster").asText())
                        .isEqualTo("fleetstream"));
    }

    static Map<String, JsonNode> deployedTopics(String overlay) {
        return RenderedOverlays.ofKind(overlay, "KafkaTopic").stream().collect(Collectors.toMap(
                t -> t.spec().path("topicName").asText(t.name()), Manifest::node, (a, b) -> {
                    throw new AssertionError("topic declared twice: " + a.path("metadata").path("name"));
                }));
    }

}
