package io.fleetstream.deploy.k8s.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.k8s.Manifest;
import io.fleetstream.deploy.k8s.Violation;

/**
 * The deployment policy every manifest must meet. Rules (the names appear in violations):
 * <ul>
 * <li>{@code image-pinned}: every image has an explicit tag or digest, never {@code latest}.</li>
 * <li>{@code no-privileged}: no privileged container, no host namespaces, no added capabilities.</li>
 * <li>{@code resources}: cpu and memory requests and limits on every container (and on operator resources).</li>
 * <li>{@code probes}: liveness and readiness probes on every container of a long-running pod.</li>
 * <li>{@code run-as-non-root}: runAsNonRoot true (pod or container) and no runAsUser 0.</li>
 * <li>{@code no-privilege-escalation}: allowPrivilegeEscalation false, all capabilities dropped, seccomp
 * RuntimeDefault (the "restricted" Pod Security Standard).</li>
 * <li>{@code read-only-root-filesystem}: readOnlyRootFilesystem true, unless the pod template carries the
 * annotation {@value #WRITABLE_ROOT_ANNOTATION} with the reason.</li>
 * <li>{@code secrets-referenced}: no Secret with data in the manifests; secret-like env vars come from
 * secretKeyRef, never from literal values.</li>
 * </ul>
 */
public final class WorkloadPolicy {

    public static final String WRITABLE_ROOT_ANNOTATION = "fleetstream.io/writable-root-filesystem";

    private static final Pattern SECRET_LIKE_ENV =
            Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|PRIVATE_KEY|JAAS|CREDENTIAL).*");
    private static final List<String> RESOURCE_KEYS = List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory");

    public List<Violation> check(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifest manifest : manifests) {
            violations.addAll(check(manifest));
        }
        return violations;
    }

    public List<Violation> check(Manifest manifest) {
        List<Violation> violations = new ArrayList<>();
        if (manifest.is("Secret") && (manifest.node().has("data") || manifest.node().has("stringData"))) {
            violations.add(new Violation("secrets-referenced", manifest.id(),
                    "Secrets are created out of band (infra/deploy/README.md), never committed with values"));
        }
        for (PodTemplate pod : PodTemplate.of(manifest)) {
            checkPod(pod, violations);
        }
        checkOperatorResources(manifest, violations);
        return violations;
    }

    private void checkPod(PodTemplate pod, List<Violation> violations) {
        JsonNode spec = pod.spec();
        JsonNode podSecurity = spec.path("securityContext");
        for (String hostNamespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(hostNamespace).asBoolean(false)) {
                violations.add(new Violation("no-privileged", pod.subject(), hostNamespace + " is not allowed"));
            }
        }
        boolean writableRootAllowed = !pod.metadata().path("annotations").path(WRITABLE_ROOT_ANNOTATION).asText("").isBlank();
        List<JsonNode> containers = new ArrayList<>();
        spec.path("initContainers").forEach(containers::add);
        int initContainers = containers.size();
        spec.path("containers").forEach(containers::add);
        if (containers.size() == initContainers) {
            violations.add(new Violation("resources", pod.subject(), "pod has no containers"));
        }
        for (int i = 0; i < containers.size(); i++) {
            JsonNode container = containers.get(i);
            boolean init = i < initContainers;
            String subject = pod.subject() + " container " + container.path("name").asText("?");
            checkImage(container.path("image").asText(""), subject, violations);
            checkPrivileges(container, podSecurity, subject, violations);
            checkResources(container.path("resources"), subject, violations);
            if (pod.longRunning() && !init) {
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    if (!container.has(probe)) {
                        violations.add(new Violation("probes", subject, probe + " is missing"));
                    }
                }
            }
            if (!container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false) && !writableRootAllowed) {
                violations.add(new Violation("read-only-root-filesystem", subject,
                        "readOnlyRootFilesystem must be true (or annotate the pod with " + WRITABLE_ROOT_ANNOTATION
                                + " and the reason)"));
            }
            container.path("env").forEach(env -> {
                String name = env.path("name").asText("");
                if (env.has("value") && SECRET_LIKE_ENV.matcher(name).matches()) {
                    violations.add(new Violation("secrets-referenced", subject,
                            "env " + name + " looks like a secret: use valueFrom.secretKeyRef"));
                }
            });
        }
    }

    static void checkImage(String image, String subject, List<Violation> violations) {
        Optional<String> problem = imageProblem(image);
        problem.ifPresent(p -> violations.add(new Violation("image-pinned", subject, p)));
    }

    /** Why an image reference is not pinned, if it is not. */
    public static Optional<String> imageProblem(String image) {
        if (image.isBlank()) {
            return Optional.of("no image");
        }
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        if (colon < 0) {
            return Optional.of(image + " has no tag (implicitly latest)");
        }
        String tag = lastSegment.substring(colon + 1);
        if (tag.isEmpty() || tag.equalsIgnoreCase("latest") || tag.contains("${") || tag.contains("$(")) {
            return Optional.of(image + " is not pinned to a version tag");
        }
        return Optional.empty();
    }

    private static void checkPrivileges(JsonNode container, JsonNode podSecurity, String subject, List<Violation> violations) {
        JsonNode security = container.path("securityContext");
        if (security.path("privileged").asBoolean(false)) {
            violations.add(new Violation("no-privileged", subject, "privileged containers are not allowed"));
        }
        if (security.path("capabilities").path("add").size() > 0) {
            violations.add(new Violation("no-privileged", subject, "added capabilities " + security.path("capabilities").path("add")));
        }
        boolean nonRoot = security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false));
        if (!nonRoot) {
            violations.add(new Violation("run-as-non-root", subject, "runAsNonRoot must be true (pod or container)"));
        }
        JsonNode user = security.has("runAsUser") ? security.path("runAsUser") : podSecurity.path("runAsUser");
        if (user.isNumber() && user.asLong() == 0) {
            violations.add(new Violation("run-as-non-root", subject, "runAsUser 0 is root"));
        }
        if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
            violations.add(new Violation("no-privilege-escalation", subject, "allowPrivilegeEscalation must be false"));
        }
        boolean dropsAll = false;
        for (JsonNode dropped : security.path("capabilities").path("drop")) {
            dropsAll |= dropped.asText().equals("ALL");
        }
        if (!dropsAll) {
            violations.add(new Violation("no-privilege-escalation", subject, "capabilities.drop must contain ALL"));
        }
        String seccomp = security.path("seccompProfile").path("type")
                .asText(podSecurity.path("seccompProfile").path("type").asText(""));
        if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
            violations.add(new Violation("no-privilege-escalation", subject, "seccompProfile must be RuntimeDefault"));
        }
    }

    static void checkResources(JsonNode resources, String subject, List<Violation> violations) {
        for (String key : RESOURCE_KEYS) {
            String[] parts = key.split("\\.");
            if (resources.path(parts[0]).path(parts[1]).asText("").isBlank()) {
                violations.add(new Violation("resources", subject, "resources." + key + " is missing"));
            }
        }
    }

    /** Operators create these pods; the custom resource is where their resources are declared. */
    private static void checkOperatorResources(Manifest manifest, List<Violation> violations) {
        JsonNode spec = manifest.spec();
        switch (manifest.kind()) {
            case "KafkaNodePool", "Prometheus" -> checkResources(spec.path("resources"), manifest.id(), violations);
            case "Kafka" -> {
                checkResources(spec.path("entityOperator").path("topicOperator").path("resources"),
                        manifest.id() + " topicOperator", violations);
                checkResources(spec.path("entityOperator").path("userOperator").path("resources"),
                        manifest.id() + " userOperator", violations);
                checkResources(spec.path("kafkaExporter").path("resources"), manifest.id() + " kafkaExporter", violations);
                // Without spec.kafka.image Strimzi picks the image of spec.kafka.version, pinned by the operator release.
                if (spec.path("kafka").has("image")) {
                    checkImage(spec.path("kafka").path("image").asText(), manifest.id(), violations);
                }
            }
            default -> {
            }
        }
        if (manifest.is("Prometheus") && !spec.path("securityContext").path("runAsNonRoot").asBoolean(false)) {
            violations.add(new Violation("run-as-non-root", manifest.id(), "securityContext.runAsNonRoot must be true"));
        }
    }
}
