package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fleetstream.deploy.k8s.schema.ManifestSchemaValidator;

class ManifestSchemaTest {

    static final List<String> OVERLAYS = RenderedOverlays.ALL;

    private static ManifestSchemaValidator validator;

    @BeforeAll
    static void loadSchemas() {
        validator = ManifestSchemaValidator.standard();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyRenderedManifestMatchesTheSchemaOfItsKind(String overlay) {
        List<Manifest> manifests = RenderedOverlays.render(overlay);

        assertThat(manifests).hasSizeGreaterThan(50);
        assertThat(validator.validateAll(manifests)).isEmpty();
    }

    @Test
    void misspeltFieldInACoreKindIsRejected() {
        assertThat(violations("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: x:1
                          imagePullPolicyy: Always
                """)).singleElement().asString().contains("imagePullPolicyy");
    }

    @Test
    void wrongTypeInACoreKindIsRejected() {
        assertThat(violations("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: three
                """)).singleElement().asString().contains("replicas");
    }

    @Test
    void unknownEnumValueInAStrimziResourceIsRejected() {
        assertThat(violations("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u, labels: {strimzi.io/cluster: c}}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: t, patternType: literal}
                        operations: [Publish]
                """)).singleElement().asString().contains("operations");
    }

    @Test
    void fieldsOfAnotherStorageTypeAreRejectedByTheStrimziModel() {
        assertThat(violations("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata: {name: p, labels: {strimzi.io/cluster: c}}
                spec:
                  replicas: 1
                  roles: [broker]
                  storage: {type: ephemeral, size: 10Gi}
                """)).isNotEmpty().anyMatch(v -> v.message().contains("size"));
    }

    @Test
    void missingRequiredFieldInAStrimziResourceIsRejected() {
        assertThat(violations("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata: {name: p, labels: {strimzi.io/cluster: c}}
                spec:
                  replicas: 1
                  storage: {type: ephemeral}
                """)).isNotEmpty().anyMatch(v -> v.message().contains("roles"));
    }

    @Test
    void flinkDeploymentWithUnknownUpgradeModeIsRejected() {
        assertThat(violations("""
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: f}
                spec:
                  flinkVersion: v2_2
                  job: {jarURI: "local:///x.jar", upgradeMode: savepoints}
                """)).singleElement().asString().contains("upgradeMode");
    }

    @Test
    void flinkDeploymentWithUnknownFieldIsRejected() {
        assertThat(violations("""
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: f}
                spec:
                  flinkVersion: v2_2
                  jobManagr: {replicas: 1}
                """)).singleElement().asString().contains("jobManagr");
    }

    @Test
    void kindWithoutAKnownSchemaIsRejected() {
        assertThat(violations("""
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                """)).singleElement().asString().contains("no schema known");
    }

    private static List<io.fleetstream.deploy.k8s.Violation> violations(String yaml) {
        return validator.validateAll(Manifests.parse("test", yaml));
    }
}
