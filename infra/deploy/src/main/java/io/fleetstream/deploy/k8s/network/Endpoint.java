package io.fleetstream.deploy.k8s.network;

import java.util.Map;
import java.util.Set;

/**
 * Something that sends or receives traffic: a pod (its labels and its namespace's labels) or a client outside the
 * cluster (no labels; only ipBlock peers match it). Ports are the ones it listens on.
 */
public record Endpoint(String name, Map<String, String> labels, Map<String, String> namespaceLabels, Set<Integer> ports) {

    public static Endpoint pod(String name, String namespace, Map<String, String> labels, Set<Integer> ports) {
        return new Endpoint(name, labels, Map.of("kubernetes.io/metadata.name", namespace), ports);
    }

    public static Endpoint external(String name) {
        return new Endpoint(name, null, null, Set.of());
    }

    public boolean isExternal() {
        return labels == null;
    }

    public String namespace() {
        return isExternal() ? "" : namespaceLabels.get("kubernetes.io/metadata.name");
    }

    @Override
    public String toString() {
        return name;
    }
}
