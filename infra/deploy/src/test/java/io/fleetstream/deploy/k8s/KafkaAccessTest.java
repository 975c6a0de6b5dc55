package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every Kafka client authenticates as its own KafkaUser, and every literal topic ACL names a deployed topic (a typo
 * would silently grant nothing and fail only at run time).
 */
class KafkaAccessTest {

    @Test
    void literalTopicAclsNameDeployedTopics() {
        Set<String> topics = TopicCatalogTest.deployedTopics("base").keySet();
        for (Manifest user : RenderedOverlays.ofKind("base", "KafkaUser")) {
            for (JsonNode acl : user.spec().path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                if (resource.path("type").asText().equals("topic") && resource.path("patternType").asText("literal").equals("literal")) {
                    assertThat(topics).as(user.name() + " ACL").contains(resource.path("name").asText());
                }
            }
        }
    }

    @Test
    void everySaslJaasConfigComesFromTheKafkaUserSecretOfAnExistingUser() {
        Set<String> users = RenderedOverlays.ofKind("base", "KafkaUser").stream().map(Manifest::name).collect(Collectors.toSet());
        List<String> referenced = RenderedOverlays.render("base").stream()
                .flatMap(m -> m.node().findValues("env").stream())
                .flatMap(env -> StreamSupport.stream(env.spliterator(), false))
                .filter(env -> env.path("name").asText().endsWith("SASL_JAAS_CONFIG"))
                .map(env -> env.path("valueFrom").path("secretKeyRef").path("name").asText())
                .distinct()
                .toList();

        // Each of the four Kafka clients (bridge, streams, flink, registry) has its own user, all used.
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(users).hasSize(4);
    }

    @Test
    void kafkaListenerRequiresScramOverTlsAndAclsAreEnforced() {
        JsonNode kafka = RenderedOverlays.named("base", "Kafka", "fleetstream").spec().path("kafka");

        assertThat(kafka.path("listeners")).allSatisfy(listener -> {
            assertThat(listener.path("tls").asBoolean()).isTrue();
            assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        });
        assertThat(kafka.path("authorization").path("type").asText()).isEqualTo("simple");
    }
}
