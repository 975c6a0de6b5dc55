package io.fleetstream.deploy.k8s.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetstream.deploy.k8s.Manifest;
import io.fleetstream.deploy.k8s.Violation;

/**
 * Validates manifests by binding them to the Java object model of their kind (fabric8 for Kubernetes and
 * Prometheus Operator kinds, Strimzi's own model for Strimzi kinds) with every leniency turned off: an unknown or
 * misspelt field, a wrong type or an unknown enum value is a violation, as the API server's strict field validation
 * would report it. The models keep unknown fields in an "additionalProperties" map by default; that catch-all is
 * disabled here.
 */
public final class StrictModelValidator {

    private final ObjectMapper mapper;
    private final Map<String, Class<?>> modelsByType;

    public StrictModelValidator(List<ModelType> models) {
        this.modelsByType = models.stream().collect(Collectors.toMap(ModelType::key, ModelType::model));
        this.mapper = JsonMapper.builder()
                .annotationIntrospector(new StrictIntrospector())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
    }

    /** Whether a model is registered for the manifest's apiVersion and kind. */
    public boolean knows(Manifest manifest) {
        return modelsByType.containsKey(ModelType.key(manifest.apiVersion(), manifest.kind()));
    }

    /** Violations of the model, or empty when no model is registered for the manifest's type. */
    public Optional<List<Violation>> validate(Manifest manifest) {
        Class<?> model = modelsByType.get(ModelType.key(manifest.apiVersion(), manifest.kind()));
        if (model == null) {
            return Optional.empty();
        }
        try {
            mapper.treeToValue(manifest.node(), model);
            return Optional.of(List.of());
        } catch (JsonMappingException e) {
            return Optional.of(List.of(new Violation("schema", manifest.id(),
                    "at " + e.getPathReference() + ": " + e.getOriginalMessage())));
        } catch (Exception e) {
            return Optional.of(List.of(new Violation("schema", manifest.id(), e.getMessage())));
        }
    }

    /** A Java model for one apiVersion/kind. */
    public record ModelType(String apiVersion, String kind, Class<?> model) {

        static String key(String apiVersion, String kind) {
            return apiVersion + "|" + kind;
        }

        String key() {
            return key(apiVersion, kind);
        }

        /** A fabric8 model, whose apiVersion and kind come from its annotations. */
        public static ModelType of(Class<? extends HasMetadata> model) {
            return new ModelType(HasMetadata.getApiVersion(model), HasMetadata.getKind(model), model);
        }

        /** The same model class under several served API versions (Strimzi serves one model as v1 and v1beta2). */
        public static Stream<ModelType> served(String group, List<String> versions, String kind, Class<?> model) {
            return versions.stream().map(v -> new ModelType(group + "/" + v, kind, model));
        }
    }

    /** Turns off the two leniencies of the generated models: any-setters and ignoreUnknown. */
    private static final class StrictIntrospector extends JacksonAnnotationIntrospector {

        @Override
        public Boolean hasAnySetter(Annotated annotated) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
            return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
        }
    }

}
