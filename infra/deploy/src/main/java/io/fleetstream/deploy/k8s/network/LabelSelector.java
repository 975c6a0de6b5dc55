package io.fleetstream.deploy.k8s.network;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Kubernetes label selector semantics: matchLabels and matchExpressions, all terms ANDed; {} matches everything. */
final class LabelSelector {

    private LabelSelector() {
    }

    static boolean matches(JsonNode selector, Map<String, String> labels) {
        var fields = selector.path("matchLabels").fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean present = labels.containsKey(key);
            boolean matched = switch (expression.path("operator").asText()) {
                case "In" -> present && values.contains(labels.get(key));
                case "NotIn" -> !present || !values.contains(labels.get(key));
                case "Exists" -> present;
                case "DoesNotExist" -> !present;
                default -> throw new IllegalArgumentException("unknown selector operator in " + expression);
            };
            if (!matched) {
                return false;
            }
        }
        return true;
    }
}
