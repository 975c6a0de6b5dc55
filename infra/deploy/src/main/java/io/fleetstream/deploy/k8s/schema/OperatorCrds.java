package io.fleetstream.deploy.k8s.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.CustomResource;
import io.fleetstream.deploy.k8s.Manifests;
import io.strimzi.api.annotations.ApiVersion;
import io.strimzi.api.annotations.KubeVersion;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * The CustomResourceDefinitions of the operators Fleetstream deploys onto, taken from Maven Central artifacts:
 * <ul>
 * <li>Strimzi: generated from the io.strimzi:api model classes with Strimzi's own CRD generator, which is how
 * Strimzi produces the CRDs it publishes (the api jar carries no CRD YAML).</li>
 * <li>Flink Kubernetes Operator: the CRD YAML inside org.apache.flink:flink-kubernetes-operator-api. Central's
 * newest is 1.10.0, whose flinkVersion enum ends at v1_20; operator releases since 1.11 add the 2.x versions,
 * so those enum values, and only those, are added here.</li>
 * </ul>
 */
public final class OperatorCrds {

    static final String FLINK_DEPLOYMENT_CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    static final List<String> FLINK_2_VERSIONS = List.of("v2_0", "v2_1", "v2_2");
    static final List<Class<? extends CustomResource<?, ?>>> STRIMZI_KINDS =
            List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class, KafkaUser.class);

    private OperatorCrds() {
    }

    /** A validator for every operator custom resource kind the manifests use. */
    public static CrdSchemaValidator validator() {
        CrdSchemaValidator validator = new CrdSchemaValidator();
        for (Class<? extends CustomResource<?, ?>> kind : STRIMZI_KINDS) {
            validator.register(strimziCrd(kind));
        }
        validator.register(flinkDeploymentCrd());
        return validator;
    }

    /** Runs Strimzi's CRD generator (a package-private class, hence reflection) for one model class. */
    static JsonNode strimziCrd(Class<? extends CustomResource<?, ?>> kind) {
        try {
            Class<?> generatorClass = Class.forName("io.strimzi.crdgenerator.CrdGenerator");
            Constructor<?> constructor = generatorClass.getConstructor(
                    Class.forName("io.strimzi.api.annotations.VersionRange"), ApiVersion.class);
            constructor.setAccessible(true);
            Object generator = constructor.newInstance(KubeVersion.V1_16_PLUS, ApiVersion.V1);
            Method generate = generatorClass.getMethod("generate", Class.class, java.io.Writer.class);
            generate.setAccessible(true);
            StringWriter yaml = new StringWriter();
            int errors = (int) generate.invoke(generator, kind, yaml);
            if (errors != 0) {
                throw new IllegalStateException("Strimzi CRD generator reported " + errors + " errors for " + kind);
            }
            return Manifests.YAML.readTree(yaml.toString());
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot generate the Strimzi CRD of " + kind.getSimpleName(), e);
        }
    }

    static JsonNode flinkDeploymentCrd() {
        try (InputStream in = OperatorCrds.class.getClassLoader().getResourceAsStream(FLINK_DEPLOYMENT_CRD)) {
            if (in == null) {
                throw new IllegalStateException(FLINK_DEPLOYMENT_CRD + " not on the classpath (flink-kubernetes-operator-api)");
            }
            JsonNode crd = Manifests.YAML.readTree(in);
            for (JsonNode version : crd.path("spec").path("versions")) {
                JsonNode flinkVersion = version.path("schema").path("openAPIV3Schema")
                        .path("properties").path("spec").path("properties").path("flinkVersion");
                ArrayNode values = (ArrayNode) ((ObjectNode) flinkVersion).withArray("enum");
                FLINK_2_VERSIONS.forEach(values::add);
            }
            return crd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
