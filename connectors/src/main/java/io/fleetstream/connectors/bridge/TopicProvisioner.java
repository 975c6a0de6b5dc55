package io.fleetstream.connectors.bridge;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics that do not exist yet, with their partitions and configs (e.g. compaction). Existing topics
 * are left untouched, and a topic created concurrently by another service counts as success.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** @return the names of the topics this call created */
    public static List<String> createMissing(Admin admin, Collection<NewTopic> topics)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        var futures = admin.createTopics(missing).values();
        for (var entry : futures.entrySet()) {
            await(entry.getValue());
        }
        List<String> created = missing.stream().map(NewTopic::name).toList();
        LOG.atInfo().addKeyValue("topics", created).log("created Kafka topics");
        return created;
    }

    private static void await(KafkaFuture<Void> creation) throws ExecutionException, InterruptedException {
        try {
            creation.get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
