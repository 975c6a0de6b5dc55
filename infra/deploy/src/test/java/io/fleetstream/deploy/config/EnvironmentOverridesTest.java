package io.fleetstream.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.connectors.bridge.BridgeMain;
import io.fleetstream.connectors.retrieval.RetrievalMain;
import io.fleetstream.deploy.compose.RenderedCompose;
import io.fleetstream.deploy.k8s.ContainerEnvironment;
import io.fleetstream.deploy.k8s.Manifest;
import io.fleetstream.deploy.k8s.RenderedOverlays;
import io.fleetstream.deploy.k8s.policy.PodTemplate;
import io.fleetstream.flink.anomaly.AnomalyDetectionJob;
import io.fleetstream.streams.health.FleetHealthApp;

/**
 * Every FLEETSTREAM_* variable that a Kubernetes overlay or the compose file gives a Fleetstream container names a key
 * of the configuration that container loads. ConfigLoader applies only such names, so any other one is silently
 * ignored and the service runs on its defaults (127.0.0.1, localhost endpoints, no credentials).
 */
class EnvironmentOverridesTest {

    /** The Kafka client properties the SCRAM-over-TLS listener of the Strimzi cluster needs from every client. */
    private static final List<String> KAFKA_CLIENT_SECURITY = List.of("SECURITY_PROTOCOL", "SASL_MECHANISM",
            "SASL_JAAS_CONFIG", "SSL_TRUSTSTORE_TYPE", "SSL_TRUSTSTORE_LOCATION");
    private static final String IMAGE_PREFIX = "fleetstream/";

    /** A Fleetstream image and the configuration files its process loads, each from its own module. */
    enum Deployable {
        BRIDGE("bridge", "bridge.ops.host", new Source(BridgeMain.class, "reference.conf")),
        FLEET_HEALTH("fleet-health", "health.http.bind-host", new Source(FleetHealthApp.class, "reference.conf")),
        RETRIEVAL("retrieval", "retrieval.host", new Source(RetrievalMain.class, "retrieval.conf")),
        // One image runs all four jobs with the same environment, so its keys are those of every job of the jar.
        FLINK_JOBS("flink-jobs", null, new Source(AnomalyDetectionJob.class, "reference.conf"),
                new Source(AnomalyDetectionJob.class, "tiering.conf"));

        final String image;
        /** The interface its HTTP endpoints bind to; null when the container serves nothing of its own. */
        final String bindHostKey;
        final List<Source> sources;
        private Map<String, String> keysByEnvName;
        private List<String> clientPropertyPrefixes;

        Deployable(String image, String bindHostKey, Source... sources) {
            this.image = image;
            this.bindHostKey = bindHostKey;
            this.sources = Stream.concat(Stream.of(sources), Stream.of(new Source(ConfigLoader.class, "reference.conf"))).toList();
        }

        /** The deployable an image reference runs, with or without a registry host (production: ghcr.io/...). */
        static Optional<Deployable> ofImage(String image) {
            String repository = image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(0, image.lastIndexOf(':')) : image;
            return EnumSet.allOf(Deployable.class).stream()
                    .filter(d -> repository.equals(IMAGE_PREFIX + d.image) || repository.endsWith("/" + IMAGE_PREFIX + d.image))
                    .findFirst();
        }

        /** ConfigLoader's variable name of every key the process loads, mapped to the key. */
        synchronized Map<String, String> keysByEnvName() {
            if (keysByEnvName == null) {
                Config own = sources.stream().map(Source::parse).reduce(ConfigFactory.empty(), Config::withFallback);
                // Resolved as ConfigFactory.load() does: system properties on top (${java.io.tmpdir}), then only
                // the service's own sections kept.
                Config resolved = ConfigFactory.systemProperties().withFallback(own).resolve();
                keysByEnvName = resolved.entrySet().stream().map(Map.Entry::getKey)
                        .filter(key -> own.root().containsKey(key.split("\\.", 2)[0]))
                        .collect(Collectors.toMap(ConfigLoader::envName, key -> key, (a, b) -> a, LinkedHashMap::new));
            }
            return keysByEnvName;
        }

        /**
         * Variable prefixes of its client-property sections (ConfigLoader.CLIENT_PROPERTY_SECTIONS): below them any
         * name is a Kafka client property.
         */
        synchronized List<String> clientPropertyPrefixes() {
            if (clientPropertyPrefixes == null) {
                Config own = sources.stream().map(Source::parse).reduce(ConfigFactory.empty(), Config::withFallback);
                clientPropertyPrefixes = own.hasPath(ConfigLoader.CLIENT_PROPERTY_SECTIONS)
                        ? own.getObject(ConfigLoader.CLIENT_PROPERTY_SECTIONS).values().stream()
                                .map(section -> ConfigLoader.envName(String.valueOf(section.unwrapped())) + "_").toList()
                        : List.of();
            }
            return clientPropertyPrefixes;
        }

        boolean accepts(String variable) {
            return keysByEnvName().containsKey(variable) || clientPropertyPrefixes().stream().anyMatch(variable::startsWith);
        }
    }

    /** A configuration file read from the module (jar or classes directory) that holds {@code moduleClass}. */
    record Source(Class<?> moduleClass, String resource) {
        Config parse() {
            URL location = moduleClass.getProtectionDomain().getCodeSource().getLocation();
            try (URLClassLoader module = new URLClassLoader(new URL[] {location}, null)) {
                URL url = module.findResource(resource);
                assertThat(url).as(resource + " in " + location).isNotNull();
                return ConfigFactory.parseURL(url);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The FLEETSTREAM_* environment of one Fleetstream container: name -> literal value (null if from a secret or field). */
    record Container(String subject, Deployable deployable, Map<String, String> environment) {
    }

    @Test
    void everyVariableOverridesAKeyOfTheDeployablesConfiguration() {
        List<Container> containers = containers();
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Container container : containers) {
            for (String variable : container.environment().keySet()) {
                checked++;
                if (!container.deployable().accepts(variable)) {
                    unknown.add(container.subject() + ": " + variable + " is no key of " + container.deployable()
                            + "; closest: " + closest(variable, container.deployable()));
                }
            }
        }

        assertThat(unknown).as("variables ConfigLoader ignores").isEmpty();
        // Three renderings and compose, each with every deployable, 744 variables when written: nothing passes by
        // finding no containers or no variables.
        assertThat(containers.stream().map(c -> c.subject().split(" ", 2)[0] + " " + c.deployable()).distinct())
                .hasSize(4 * Deployable.values().length);
        assertThat(checked).isGreaterThan(600);
    }

    @Test
    void servingContainersListenOnThePodInterface() {
        for (Container container : containers()) {
            String bindHostKey = container.deployable().bindHostKey;
            if (bindHostKey != null) {
                // 127.0.0.1 (the default, right for local runs and tests) would hide the port from probes and Services.
                assertThat(container.environment()).as(container.subject())
                        .containsEntry(ConfigLoader.envName(bindHostKey), "0.0.0.0");
            }
        }
    }

    @Test
    void misnamedVariablesAreReportedWithTheKeyMeant() {
        Map<String, String> retrieval = Deployable.RETRIEVAL.keysByEnvName();

        assertThat(retrieval).containsEntry("FLEETSTREAM_RETRIEVAL_PORT", "retrieval.port")
                .containsEntry("FLEETSTREAM_TRACING_ENABLED", "tracing.enabled")
                .doesNotContainKey("FLEETSTREAM_RETRIEVAL_HTTP_PORT")
                .doesNotContainKey("FLEETSTREAM_BRIDGE_OPS_PORT");
        assertThat(closest("FLEETSTREAM_RETRIEVAL_HTTP_PORT", Deployable.RETRIEVAL)).startsWith("FLEETSTREAM_RETRIEVAL_PORT");
        assertThat(Deployable.FLINK_JOBS.keysByEnvName()).containsKeys("FLEETSTREAM_FLINK_JOBS_KAFKA_BOOTSTRAP_SERVERS",
                "FLEETSTREAM_FLINK_JOBS_TIERING_OBJECT_STORE_ENDPOINT").doesNotContainKey("FLEETSTREAM_HEALTH_HTTP_PORT");
    }

    @Test
    void everyKafkaClientIsConfiguredForTheScramOverTlsListener() {
        List<Container> kafkaClients = containers().stream()
                .filter(c -> !c.subject().startsWith("compose") && !c.deployable().clientPropertyPrefixes().isEmpty())
                .toList();

        assertThat(kafkaClients).extracting(Container::deployable).contains(Deployable.BRIDGE, Deployable.FLEET_HEALTH,
                Deployable.FLINK_JOBS).doesNotContain(Deployable.RETRIEVAL);
        for (Container client : kafkaClients) {
            for (String prefix : client.deployable().clientPropertyPrefixes()) {
                assertThat(client.environment()).as(client.subject() + " Kafka client properties " + prefix + "*")
                        .containsKeys(KAFKA_CLIENT_SECURITY.stream().map(property -> prefix + property).toArray(String[]::new));
            }
        }
    }

    private static List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        for (String overlay : RenderedOverlays.ALL) {
            Map<String, JsonNode> configMaps = ContainerEnvironment.configMaps(overlay);
            for (Manifest manifest : RenderedOverlays.render(overlay)) {
                for (PodTemplate pod : PodTemplate.of(manifest)) {
                    for (String list : List.of("initContainers", "containers")) {
                        for (JsonNode container : pod.spec().path(list)) {
                            String subject = overlay + " " + pod.subject() + " container " + container.path("name").asText();
                            fleetstreamImage(container.path("image").asText(), subject).ifPresent(deployable ->
                                    containers.add(new Container(subject, deployable, fleetstreamOnly(
                                            ContainerEnvironment.of(container, configMaps, (secret, key) -> null, subject)))));
                        }
                    }
                }
            }
        }
        RenderedCompose.config().path("services").fields().forEachRemaining(service -> {
            String subject = "compose service " + service.getKey();
            fleetstreamImage(service.getValue().path("image").asText(), subject).ifPresent(deployable -> {
                Map<String, String> environment = new HashMap<>();
                service.getValue().path("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
                containers.add(new Container(subject, deployable, fleetstreamOnly(environment)));
            });
        });
        return containers;
    }

    private static Optional<Deployable> fleetstreamImage(String image, String subject) {
        Optional<Deployable> deployable = Deployable.ofImage(image);
        assertThat(deployable.isPresent() || !image.contains(IMAGE_PREFIX)).as(subject + ": unknown Fleetstream image " + image).isTrue();
        return deployable;
    }

    private static Map<String, String> fleetstreamOnly(Map<String, String> environment) {
        Map<String, String> own = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ConfigLoader.ENV_PREFIX)) {
                own.put(name, value);
            }
        });
        return own;
    }

    /** The three variable names of the deployable nearest to {@code variable} (edit distance), with their keys. */
    private static String closest(String variable, Deployable deployable) {
        Set<String> names = new TreeSet<>(Comparator.comparingInt((String name) -> editDistance(variable, name))
                .thenComparing(Comparator.naturalOrder()));
        names.addAll(deployable.keysByEnvName().keySet());
        return names.stream().limit(3).map(name -> name + " (" + deployable.keysByEnvName().get(name) + ")")
                .collect(Collectors.joining(", "));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
