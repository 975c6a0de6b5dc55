package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.k8s.network.Endpoint;
import io.fleetstream.deploy.k8s.network.NetworkPolicyModel;
import io.fleetstream.deploy.k8s.network.StrimziNetworkPolicies;

/**
 * Evaluates the rendered NetworkPolicies (plus the one Strimzi generates from the Kafka listener) for every
 * source x destination x listening port, and requires the allowed set to be exactly the architecture's flows.
 */
class NetworkFlowTest {

    static final List<String> OVERLAYS = RenderedOverlays.ALL;
    private static final String NS = "fleetstream";

    /** The flows the architecture needs ("*" = every port of the destination). */
    private static final List<String> EXPECTED = List.of(
            "robots -> hivemq:1883",
            "bridge -> hivemq:1883", "bridge -> kafka:9093", "bridge -> registry:8080", "bridge -> minio:9000",
            "fleet-health -> kafka:9093", "fleet-health -> registry:8080", "fleet-health -> fleet-health:8082",
            "flink-jobmanager -> kafka:9093", "flink-jobmanager -> registry:8080", "flink-jobmanager -> influxdb:8086",
            "flink-jobmanager -> minio:9000", "flink-jobmanager -> flink-jobmanager:*", "flink-jobmanager -> flink-taskmanager:*",
            "flink-taskmanager -> kafka:9093", "flink-taskmanager -> registry:8080", "flink-taskmanager -> influxdb:8086",
            "flink-taskmanager -> minio:9000", "flink-taskmanager -> flink-jobmanager:*", "flink-taskmanager -> flink-taskmanager:*",
            "retrieval -> influxdb:8086", "retrieval -> minio:9000",
            "registry -> kafka:9093",
            "minio -> minio:9000", "minio-setup -> minio:9000",
            "grafana -> influxdb:8086", "grafana -> prometheus:9090",
            "prometheus -> bridge:8081", "prometheus -> fleet-health:8082", "prometheus -> retrieval:8083",
            "prometheus -> flink-jobmanager:9249", "prometheus -> flink-taskmanager:9249", "prometheus -> registry:8080",
            "prometheus -> minio:9000", "prometheus -> grafana:3000", "prometheus -> kafka:9404",
            "prometheus -> kafka-exporter:9404",
            "kafka -> kafka:9090", "kafka -> kafka:9091", "kafka-exporter -> kafka:9091", "entity-operator -> kafka:9091",
            "flink-operator -> flink-jobmanager:8081",
            "ingress-controller -> retrieval:8083", "ingress-controller -> grafana:3000",
            // The robots' ipBlock cannot tell a robot from a pod of another namespace (pod CIDRs are cluster-specific;
            // operations.md: narrow it to the site CIDRs). Fleetstream's own pods are held back by their egress rules.
            "flink-operator -> hivemq:1883", "ingress-controller -> hivemq:1883");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void allowedFlowsAreExactlyTheArchitecture(String overlay) {
        Map<String, Endpoint> endpoints = endpoints(RenderedOverlays.render(overlay));

        assertThat(allowedFlows(policies(overlay), endpoints)).containsExactlyInAnyOrderElementsOf(expand(EXPECTED, endpoints));
    }

    @Test
    void aWorkloadWithoutItsPolicyIsStillDeniedByTheDefault() {
        Map<String, Endpoint> endpoints = endpoints(RenderedOverlays.render("base"));
        List<Manifest> withoutBridgePolicy = policies("base").stream().filter(p -> !p.name().equals("bridge")).toList();

        assertThat(allowedFlows(withoutBridgePolicy, endpoints))
                .noneMatch(flow -> flow.startsWith("bridge -> "))
                .doesNotContain("prometheus -> bridge:8081");
    }

    @Test
    void withoutTheDefaultDenyUnplannedFlowsOpenUp() {
        Map<String, Endpoint> endpoints = endpoints(RenderedOverlays.render("base"));
        List<Manifest> withoutDefaultDeny = policies("base").stream()
                .filter(p -> !p.name().equals("default-deny-all") && !p.name().equals("influxdb")).toList();

        assertThat(allowedFlows(withoutDefaultDeny, endpoints)).contains("robots -> influxdb:8086");
    }

    private static List<Manifest> policies(String overlay) {
        List<Manifest> policies = new ArrayList<>(RenderedOverlays.ofKind(overlay, "NetworkPolicy"));
        policies.add(StrimziNetworkPolicies.forKafka(RenderedOverlays.named(overlay, "Kafka", "fleetstream")));
        return policies;
    }

    private static Set<String> allowedFlows(List<Manifest> policies, Map<String, Endpoint> endpoints) {
        NetworkPolicyModel model = new NetworkPolicyModel(policies);
        Set<String> allowed = new TreeSet<>();
        for (Endpoint from : endpoints.values()) {
            for (Endpoint to : endpoints.values()) {
                for (int port : to.ports()) {
                    if (model.allows(from, to, port)) {
                        allowed.add(from.name() + " -> " + to.name() + ":" + port);
                    }
                }
            }
        }
        return allowed;
    }

    @Test
    void theModelDeniesWhatNoPolicyAllowsAndAllowsUnselectedPods() {
        NetworkPolicyModel model = new NetworkPolicyModel(Manifests.parse("test", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: only-a-to-b, namespace: ns}
                spec:
                  podSelector: {matchLabels: {app: b}}
                  policyTypes: [Ingress]
                  ingress:
                    - from: [{podSelector: {matchLabels: {app: a}}}]
                      ports: [{port: 80}]
                """));
        Endpoint a = Endpoint.pod("a", "ns", Map.of("app", "a"), Set.of(80));
        Endpoint b = Endpoint.pod("b", "ns", Map.of("app", "b"), Set.of(80, 81));
        Endpoint c = Endpoint.pod("c", "ns", Map.of("app", "c"), Set.of(80));

        assertThat(model.allows(a, b, 80)).isTrue();
        assertThat(model.allows(a, b, 81)).isFalse();
        assertThat(model.allows(c, b, 80)).isFalse();
        assertThat(model.allows(b, c, 80)).isTrue();
        assertThat(model.allows(Endpoint.external("internet"), b, 80)).isFalse();
    }

    /** Pods of the rendered workloads plus the pods operators create, with the labels those operators set. */
    private static Map<String, Endpoint> endpoints(List<Manifest> manifests) {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Manifest workload : manifests) {
            if (workload.is("Deployment") || workload.is("StatefulSet") || workload.is("Job")) {
                JsonNode template = workload.spec().path("template");
                String name = switch (workload.name()) {
                    case "apicurio-registry" -> "registry";
                    default -> workload.name();
                };
                endpoints.put(name, Endpoint.pod(name, NS, labels(template.path("metadata").path("labels")), containerPorts(template)));
            }
        }
        Manifest flink = manifests.stream().filter(m -> m.is("FlinkDeployment")).findFirst().orElseThrow();
        Map<String, String> flinkLabels = labels(flink.spec().path("podTemplate").path("metadata").path("labels"));
        flinkLabels.put("app", flink.name());
        flinkLabels.put("type", "flink-native-kubernetes");
        endpoints.put("flink-jobmanager", Endpoint.pod("flink-jobmanager", NS,
                with(flinkLabels, "component", "jobmanager"), Set.of(8081, 6123, 6124, 9249)));
        endpoints.put("flink-taskmanager", Endpoint.pod("flink-taskmanager", NS,
                with(flinkLabels, "component", "taskmanager"), Set.of(6121, 6122, 9249)));
        Map<String, String> strimzi = Map.of("strimzi.io/cluster", "fleetstream", "strimzi.io/kind", "Kafka");
        endpoints.put("kafka", Endpoint.pod("kafka", NS,
                with(with(strimzi, "strimzi.io/name", "fleetstream-kafka"), "strimzi.io/broker-role", "true"),
                Set.of(9090, 9091, 9093, 9404)));
        endpoints.put("kafka-exporter", Endpoint.pod("kafka-exporter", NS,
                with(strimzi, "strimzi.io/name", "fleetstream-kafka-exporter"), Set.of(9404)));
        endpoints.put("entity-operator", Endpoint.pod("entity-operator", NS,
                with(strimzi, "strimzi.io/name", "fleetstream-entity-operator"), Set.of()));
        Manifest prometheus = manifests.stream().filter(m -> m.is("Prometheus")).findFirst().orElseThrow();
        endpoints.put("prometheus", Endpoint.pod("prometheus", NS,
                labels(prometheus.spec().path("podMetadata").path("labels")), Set.of(9090)));
        endpoints.put("flink-operator", Endpoint.pod("flink-operator", "flink-operator", Map.of("app.kubernetes.io/name", "flink-kubernetes-operator"), Set.of()));
        endpoints.put("ingress-controller", Endpoint.pod("ingress-controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), Set.of()));
        endpoints.put("robots", Endpoint.external("robots"));
        return endpoints;
    }

    private static Set<String> expand(List<String> flows, Map<String, Endpoint> endpoints) {
        Set<String> expanded = new TreeSet<>();
        for (String flow : flows) {
            String destination = flow.substring(flow.indexOf("-> ") + 3, flow.lastIndexOf(':'));
            if (flow.endsWith(":*")) {
                String prefix = flow.substring(0, flow.length() - 1);
                endpoints.get(destination).ports().forEach(p -> expanded.add(prefix + p));
            } else {
                expanded.add(flow);
            }
        }
        return expanded;
    }

    private static Set<Integer> containerPorts(JsonNode template) {
        return StreamSupport.stream(template.path("spec").path("containers").spliterator(), false)
                .flatMap(c -> StreamSupport.stream(c.path("ports").spliterator(), false))
                .map(p -> p.path("containerPort").asInt())
                .collect(Collectors.toSet());
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }
}
