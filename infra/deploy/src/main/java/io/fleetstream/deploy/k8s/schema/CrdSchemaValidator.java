package io.fleetstream.deploy.k8s.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.fleetstream.deploy.k8s.Manifest;
import io.fleetstream.deploy.k8s.Violation;

/**
 * Validates custom resources against the openAPIV3Schema of their CustomResourceDefinition, per served version.
 * The schema is made strict the way the API server's field validation is: objects that declare properties and
 * neither additionalProperties nor x-kubernetes-preserve-unknown-fields reject unknown fields.
 */
public final class CrdSchemaValidator {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, JsonSchema> schemasByType = new HashMap<>();

    /** Registers every served version of a CustomResourceDefinition given as a parsed YAML/JSON document. */
    public CrdSchemaValidator register(JsonNode crd) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        if (group.isEmpty() || kind.isEmpty()) {
            throw new IllegalArgumentException("not a CustomResourceDefinition: " + crd.path("metadata").path("name"));
        }
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (!version.path("served").asBoolean(false)) {
                continue;
            }
            JsonNode openApi = version.path("schema").path("openAPIV3Schema");
            if (openApi.isMissingNode()) {
                throw new IllegalArgumentException(kind + " " + version.path("name") + " has no openAPIV3Schema");
            }
            JsonNode strict = strict(withImplicitRootFields((ObjectNode) openApi.deepCopy()));
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
            schemasByType.put(key(group + "/" + version.path("name").asText(), kind), FACTORY.getSchema(strict, config));
        }
        return this;
    }

    public boolean knows(Manifest manifest) {
        return schemasByType.containsKey(key(manifest.apiVersion(), manifest.kind()));
    }

    public Optional<List<Violation>> validate(Manifest manifest) {
        JsonSchema schema = schemasByType.get(key(manifest.apiVersion(), manifest.kind()));
        if (schema == null) {
            return Optional.empty();
        }
        Set<ValidationMessage> messages = schema.validate(manifest.node());
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : messages) {
            violations.add(new Violation("schema", manifest.id(), message.getMessage()));
        }
        return Optional.of(violations);
    }

    /** The API server accepts apiVersion, kind and metadata on every object, declared in the CRD or not. */
    private static ObjectNode withImplicitRootFields(ObjectNode root) {
        ObjectNode properties = root.with("properties");
        if (!properties.has("apiVersion")) {
            properties.putObject("apiVersion").put("type", "string");
        }
        if (!properties.has("kind")) {
            properties.putObject("kind").put("type", "string");
        }
        if (!properties.has("metadata")) {
            properties.putObject("metadata").put("type", "object");
        }
        return root;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "|" + kind;
    }

    /**
     * Rewrites the Kubernetes dialect of OpenAPI v3 into JSON Schema draft 4: int-or-string and nullable become
     * type unions, x-kubernetes and format keywords are dropped, and closed objects get additionalProperties false.
     */
    static JsonNode strict(JsonNode schema) {
        if (schema instanceof ArrayNode array) {
            array.forEach(CrdSchemaValidator::strict);
            return schema;
        }
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        boolean preserveUnknown = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (object.path("x-kubernetes-int-or-string").asBoolean(false) && !object.has("anyOf")) {
            object.set("type", NODES.arrayNode().add("integer").add("string"));
        }
        if (object.path("nullable").asBoolean(false) && object.path("type").isTextual()) {
            object.set("type", NODES.arrayNode().add(object.path("type").asText()).add("null"));
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") || name.equals("format") || name.equals("nullable")) {
                names.remove();
            }
        }
        if (object.has("properties") && !object.has("additionalProperties") && !preserveUnknown) {
            object.put("additionalProperties", false);
        }
        // anyOf branches in CRDs constrain values ("one of these fields"), they never add properties.
        object.fields().forEachRemaining(field -> {
            if (field.getKey().equals("properties")) {
                field.getValue().forEach(CrdSchemaValidator::strict);
            } else {
                strict(field.getValue());
            }
        });
        return object;
    }
}
