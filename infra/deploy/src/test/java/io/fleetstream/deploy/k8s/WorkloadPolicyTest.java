package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fleetstream.deploy.k8s.policy.WorkloadPolicy;

class WorkloadPolicyTest {

    static final List<String> OVERLAYS = RenderedOverlays.ALL;

    private final WorkloadPolicy policy = new WorkloadPolicy();

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyRenderedWorkloadMeetsThePolicy(String overlay) {
        assertThat(policy.check(RenderedOverlays.render(overlay))).isEmpty();
    }

    @Test
    void theCompliantBaselineHasNoViolations() {
        assertThat(policy.check(compliant(d -> { }))).isEmpty();
    }

    @Test
    void latestTagIsCaught() {
        assertOnlyRule("image-pinned", d -> container(d).put("image", "fleetstream/bridge:latest"));
    }

    @Test
    void missingTagIsCaught() {
        assertOnlyRule("image-pinned", d -> container(d).put("image", "registry.example.com:5000/bridge"));
    }

    @Test
    void privilegedContainerIsCaught() {
        assertOnlyRule("no-privileged", d -> container(d).with("securityContext").put("privileged", true));
    }

    @Test
    void hostNetworkIsCaught() {
        assertOnlyRule("no-privileged", d -> podSpec(d).put("hostNetwork", true));
    }

    @Test
    void missingLimitsAreCaught() {
        assertOnlyRule("resources", d -> container(d).with("resources").remove("limits"));
    }

    @Test
    void missingLivenessProbeIsCaught() {
        assertOnlyRule("probes", d -> container(d).remove("livenessProbe"));
    }

    @Test
    void missingReadinessProbeIsCaught() {
        assertOnlyRule("probes", d -> container(d).remove("readinessProbe"));
    }

    @Test
    void missingRunAsNonRootIsCaught() {
        assertOnlyRule("run-as-non-root", d -> podSpec(d).with("securityContext").remove("runAsNonRoot"));
    }

    @Test
    void rootUserIsCaught() {
        assertOnlyRule("run-as-non-root", d -> container(d).with("securityContext").put("runAsUser", 0));
    }

    @Test
    void privilegeEscalationIsCaught() {
        assertOnlyRule("no-privilege-escalation",
                d -> container(d).with("securityContext").put("allowPrivilegeEscalation", true));
    }

    @Test
    void writableRootFilesystemWithoutReasonIsCaught() {
        assertOnlyRule("read-only-root-filesystem",
                d -> container(d).with("securityContext").put("readOnlyRootFilesystem", false));
    }

    @Test
    void writableRootFilesystemWithAReasonIsAllowed() {
        assertThat(policy.check(compliant(d -> {
            container(d).with("securityContext").put("readOnlyRootFilesystem", false);
            ((ObjectNode) d.path("spec").path("template")).with("metadata").with("annotations")
                    .put(WorkloadPolicy.WRITABLE_ROOT_ANNOTATION, "the image rewrites its config at start");
        }))).isEmpty();
    }

    @Test
    void inlinedSecretValueIsCaught() {
        assertOnlyRule("secrets-referenced", d -> ((ObjectNode) container(d).path("env").get(0))
                .put("value", "hunter2").remove("valueFrom"));
    }

    @Test
    void committedSecretIsCaught() {
        List<Manifest> secret = Manifests.parse("test", """
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                stringData: {password: hunter2}
                """);
        assertThat(policy.check(secret)).extracting(Violation::rule).containsExactly("secrets-referenced");
    }

    @Test
    void flinkTaskManagerWithoutProbesIsCaught() {
        Manifest flink = RenderedOverlays.named("base", "FlinkDeployment", "anomaly-detection");
        ObjectNode broken = flink.node().deepCopy();
        ((ObjectNode) broken.path("spec").path("taskManager")).remove("podTemplate");

        assertThat(policy.check(new Manifest("test", broken)))
                .extracting(Violation::rule, Violation::subject)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("probes", "FlinkDeployment/anomaly-detection (test) taskManager container flink-main-container"),
                        org.assertj.core.groups.Tuple.tuple("probes", "FlinkDeployment/anomaly-detection (test) taskManager container flink-main-container"));
    }

    @Test
    void flinkDeploymentWithoutTaskManagerResourcesIsCaught() {
        Manifest flink = RenderedOverlays.named("base", "FlinkDeployment", "anomaly-detection");
        ObjectNode broken = flink.node().deepCopy();
        ((ObjectNode) broken.path("spec").path("taskManager")).remove("resource");

        assertThat(policy.check(new Manifest("test", broken))).isNotEmpty()
                .allSatisfy(v -> assertThat(v.rule()).isEqualTo("resources"));
    }

    @Test
    void kafkaNodePoolWithoutResourcesIsCaught() {
        Manifest pool = RenderedOverlays.named("base", "KafkaNodePool", "broker");
        ObjectNode broken = pool.node().deepCopy();
        ((ObjectNode) broken.path("spec")).remove("resources");

        assertThat(policy.check(new Manifest("test", broken))).isNotEmpty()
                .allSatisfy(v -> assertThat(v.rule()).isEqualTo("resources"));
    }

    private void assertOnlyRule(String rule, Consumer<ObjectNode> breakIt) {
        List<Violation> violations = policy.check(compliant(breakIt));
        assertThat(violations).as("violations").isNotEmpty();
        assertThat(violations).extracting(Violation::rule).containsOnly(rule);
    }

    private static List<Manifest> compliant(Consumer<ObjectNode> change) {
        Path file = Path.of("src/test/resources/manifests/good/deployment.yaml");
        Manifest manifest = Manifests.read(file).get(0);
        change.accept(manifest.node());
        return List.of(manifest);
    }

    private static ObjectNode podSpec(ObjectNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec");
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) podSpec(deployment).path("containers").get(0);
    }
}
