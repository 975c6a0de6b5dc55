package io.fleetstream.deploy.k8s.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fleetstream.deploy.k8s.Manifest;
import io.fleetstream.deploy.k8s.Violation;
import io.fleetstream.deploy.k8s.schema.StrictModelValidator.ModelType;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Validates every manifest against the schema of its kind and fails closed: a kind with no known schema is itself a
 * violation, so a new kind cannot slip into the manifests unchecked.
 * <ul>
 * <li>Kubernetes and Prometheus Operator kinds: strict binding to the fabric8 model.</li>
 * <li>Strimzi kinds: the generated CRD schema and strict binding to Strimzi's model (which also knows the
 * type-dependent shapes, e.g. ephemeral storage has no size).</li>
 * <li>FlinkDeployment: the operator's CRD schema.</li>
 * </ul>
 */
public final class ManifestSchemaValidator {

    private static final String STRIMZI_GROUP = "kafka.strimzi.io";
    private static final List<String> STRIMZI_VERSIONS = List.of("v1");

    private final StrictModelValidator models;
    private final CrdSchemaValidator crds;

    public ManifestSchemaValidator(StrictModelValidator models, CrdSchemaValidator crds) {
        this.models = models;
        this.crds = crds;
    }

    /** The validator for the kinds Fleetstream deploys. */
    public static ManifestSchemaValidator standard() {
        List<ModelType> types = new ArrayList<>();
        Stream.of(Namespace.class, ConfigMap.class, Secret.class, Service.class, ServiceAccount.class,
                PersistentVolumeClaim.class, Pod.class, Deployment.class, StatefulSet.class, DaemonSet.class,
                Job.class, CronJob.class, HorizontalPodAutoscaler.class, NetworkPolicy.class, Ingress.class,
                PodDisruptionBudget.class, Role.class, RoleBinding.class, ClusterRole.class,
                ClusterRoleBinding.class, PodMonitor.class, ServiceMonitor.class, PrometheusRule.class,
                Prometheus.class)
                .map(ModelType::of)
                .forEach(types::add);
        ModelType.served(STRIMZI_GROUP, STRIMZI_VERSIONS, "Kafka", Kafka.class).forEach(types::add);
        ModelType.served(STRIMZI_GROUP, STRIMZI_VERSIONS, "KafkaNodePool", KafkaNodePool.class).forEach(types::add);
        ModelType.served(STRIMZI_GROUP, STRIMZI_VERSIONS, "KafkaTopic", KafkaTopic.class).forEach(types::add);
        ModelType.served(STRIMZI_GROUP, STRIMZI_VERSIONS, "KafkaUser", KafkaUser.class).forEach(types::add);
        return new ManifestSchemaValidator(new StrictModelValidator(types), OperatorCrds.validator());
    }

    public List<Violation> validate(Manifest manifest) {
        if (manifest.apiVersion().isEmpty() || manifest.kind().isEmpty()) {
            return List.of(new Violation("schema", manifest.id(), "apiVersion and kind are required"));
        }
        if (manifest.name().isEmpty()) {
            return List.of(new Violation("schema", manifest.id(), "metadata.name is required"));
        }
        if (!models.knows(manifest) && !crds.knows(manifest)) {
            return List.of(new Violation("schema", manifest.id(),
                    "no schema known for " + manifest.apiVersion() + " " + manifest.kind()
                            + " (register it in ManifestSchemaValidator)"));
        }
        List<Violation> violations = new ArrayList<>();
        crds.validate(manifest).ifPresent(violations::addAll);
        models.validate(manifest).ifPresent(violations::addAll);
        return violations;
    }

    public List<Violation> validateAll(List<Manifest> manifests) {
        return manifests.stream().flatMap(m -> validate(m).stream()).toList();
    }
}
