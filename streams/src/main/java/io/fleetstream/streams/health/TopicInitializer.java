package io.fleetstream.streams.health;

import io.fleetstream.common.kafka.AdminClientProperties;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.Topics;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the contract topics the app reads and writes when they are missing, with the partitions and configs
 * the {@link Topics} catalogue prescribes. Kafka Streams refuses to start without its source topics, and
 * fleet.anomalies only gets written once the anomaly job runs.
 */
final class TopicInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

    private TopicInitializer() {
    }

    static List<Topic<String, ?>> topicsOfTheApp(Topics topics) {
        return List.of(topics.telemetry(), topics.heartbeats(), topics.logs(), topics.anomalies(),
                topics.robotHealth(), topics.siteHealth(), topics.healthTransitions(), topics.deadLetters());
    }

    /**
     * Creates the missing topics with an admin client given the admin settings among {@code clientProperties} (the
     * app's pass-through client settings: a secured cluster needs the same security.protocol and SASL settings as
     * the app's clients).
     */
    static void ensure(String bootstrapServers, Properties clientProperties, short replicationFactor,
            List<Topic<String, ?>> topics) throws InterruptedException {
        try (Admin admin = Admin.create(AdminClientProperties.from(bootstrapServers, clientProperties))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> topic.newTopic(replicationFactor))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get();
                    LOG.info("created topic {}", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating topic " + name, e);
                }
            });
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics on " + bootstrapServers, e.getCause());
        }
    }
}
