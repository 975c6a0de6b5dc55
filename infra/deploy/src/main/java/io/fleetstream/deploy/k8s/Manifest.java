package io.fleetstream.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Kubernetes object as written in (or rendered from) the repository, with where it came from. */
public record Manifest(String source, ObjectNode node) {

    public String apiVersion() {
        return node.path("apiVersion").asText("");
    }

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    public JsonNode spec() {
        return node.path("spec");
    }

    public boolean is(String kind) {
        return kind().equals(kind);
    }

    /** kind/name@source, the way violations name an object. */
    public String id() {
        return kind() + "/" + name() + " (" + source + ")";
    }
}
