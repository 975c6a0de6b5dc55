package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/** The environment Kubernetes gives a container of a rendered manifest. */
public final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    /** The data of every ConfigMap of a rendering, by name. */
    public static Map<String, JsonNode> configMaps(String kustomization) {
        return RenderedOverlays.ofKind(kustomization, "ConfigMap").stream()
                .collect(Collectors.toMap(Manifest::name, m -> m.node().path("data")));
    }

    /**
     * Variable name -> value: {@code envFrom} ConfigMaps (with their prefix), then {@code env} entries with a literal
     * value, a {@code configMapKeyRef}, or a {@code secretKeyRef} resolved by {@code secretValue} (Secret name, key);
     * null where {@code secretValue} gives none or the entry takes its value from elsewhere (fields, resources).
     */
    public static Map<String, String> of(JsonNode container, Map<String, JsonNode> configMaps,
            BiFunction<String, String, String> secretValue, String subject) {
        Map<String, String> environment = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            JsonNode ref = from.path("configMapRef");
            if (!ref.isMissingNode()) {
                String prefix = from.path("prefix").asText("");
                configMap(configMaps, ref.path("name").asText(), subject).fields()
                        .forEachRemaining(e -> environment.put(prefix + e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode env : container.path("env")) {
            String value = env.path("value").asText(null);
            JsonNode configMapRef = env.path("valueFrom").path("configMapKeyRef");
            if (!configMapRef.isMissingNode()) {
                value = configMap(configMaps, configMapRef.path("name").asText(), subject)
                        .path(configMapRef.path("key").asText()).asText(null);
            }
            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
            if (!secretRef.isMissingNode()) {
                value = secretValue.apply(secretRef.path("name").asText(), secretRef.path("key").asText());
            }
            environment.put(env.path("name").asText(), value);
        }
        return environment;
    }

    private static JsonNode configMap(Map<String, JsonNode> configMaps, String name, String subject) {
        JsonNode data = configMaps.get(name);
        assertThat(data).as(subject + ": ConfigMap " + name + " is not rendered").isNotNull();
        return data;
    }
}
