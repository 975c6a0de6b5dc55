package io.fleetstream.deploy.k8s.policy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fleetstream.deploy.k8s.Manifest;

/**
 * A pod as a workload will create it: its metadata and spec, where in the manifest it came from, and whether it
 * runs until stopped (and so needs health probes) or to completion.
 */
public record PodTemplate(Manifest owner, String role, JsonNode metadata, JsonNode spec, boolean longRunning) {

    public String subject() {
        return owner.id() + (role.isEmpty() ? "" : " " + role);
    }

    /** The pod templates of a manifest; empty for kinds that create no pods themselves. */
    public static List<PodTemplate> of(Manifest manifest) {
        JsonNode spec = manifest.spec();
        return switch (manifest.kind()) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" ->
                    List.of(fromTemplate(manifest, "", spec.path("template"), true));
            case "Job" -> List.of(fromTemplate(manifest, "", spec.path("template"), false));
            case "CronJob" -> List.of(fromTemplate(manifest, "", spec.path("jobTemplate").path("spec").path("template"), false));
            case "Pod" -> List.of(new PodTemplate(manifest, "", manifest.node().path("metadata"), spec, true));
            case "FlinkDeployment" -> List.of(flinkPod(manifest, "jobManager"), flinkPod(manifest, "taskManager"));
            default -> List.of();
        };
    }

    private static PodTemplate fromTemplate(Manifest manifest, String role, JsonNode template, boolean longRunning) {
        return new PodTemplate(manifest, role, template.path("metadata"), template.path("spec"), longRunning);
    }

    /**
     * The Flink operator merges spec.podTemplate with the jobManager/taskManager podTemplate (containers by name) and
     * runs spec.image in the main container; the policy checks that merged result.
     */
    private static PodTemplate flinkPod(Manifest manifest, String component) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merge(merged, manifest.spec().path("podTemplate"));
        merge(merged, manifest.spec().path(component).path("podTemplate"));
        ArrayNode containers = merged.with("spec").withArray("containers");
        ObjectNode main = mainContainer(containers);
        main.put("image", manifest.spec().path("image").asText(""));
        JsonNode resource = manifest.spec().path(component).path("resource");
        if (resource.has("cpu") && resource.has("memory")) {
            // The operator sets requests and limits of the main container from the component's resource.
            ObjectNode resources = main.putObject("resources");
            for (String bound : List.of("requests", "limits")) {
                resources.putObject(bound).put("cpu", resource.path("cpu").asText()).put("memory", resource.path("memory").asText());
            }
        }
        return new PodTemplate(manifest, component, merged.path("metadata"), merged.path("spec"), true);
    }

    private static ObjectNode mainContainer(ArrayNode containers) {
        for (JsonNode container : containers) {
            if ("flink-main-container".equals(container.path("name").asText())) {
                return (ObjectNode) container;
            }
        }
        return containers.addObject().put("name", "flink-main-container");
    }

    /** Deep merge of overlay into base: objects field by field, arrays of named objects element-wise by name. */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (overlay.isMissingNode() || overlay.isNull()) {
            return base;
        }
        if (base instanceof ObjectNode baseObject && overlay.isObject()) {
            overlay.fields().forEachRemaining(field -> {
                JsonNode existing = baseObject.get(field.getKey());
                baseObject.set(field.getKey(),
                        existing == null ? field.getValue().deepCopy() : merge(existing, field.getValue()));
            });
            return baseObject;
        }
        if (base instanceof ArrayNode baseArray && overlay.isArray()) {
            for (JsonNode element : overlay) {
                JsonNode match = findByName(baseArray, element.path("name").asText(null));
                if (match != null) {
                    merge(match, element);
                } else {
                    baseArray.add(element.deepCopy());
                }
            }
            return baseArray;
        }
        return overlay.deepCopy();
    }

    private static JsonNode findByName(ArrayNode array, String name) {
        if (name == null) {
            return null;
        }
        for (JsonNode element : array) {
            if (name.equals(element.path("name").asText(null))) {
                return element;
            }
        }
        return null;
    }
}
