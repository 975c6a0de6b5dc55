package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.IndexSettings;
import io.fleetstream.connectors.retrieval.ManifestIndex;
import io.fleetstream.connectors.retrieval.ManifestIndex.IndexedManifest;
import io.fleetstream.flink.common.KafkaSettings;
import io.fleetstream.schemas.AvroSerdeFactory;
import io.fleetstream.schemas.avro.TierManifest;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Announces an object once it is visible: its manifest goes to {@code tier.manifests} (key = robot id), then to
 * the manifest index. The index doubles as the record of what was announced: an object already in the index is
 * not announced again when Flink commits a checkpoint's objects a second time after a restore. A duplicate
 * manifest is thus only possible if the job dies between the Kafka write and the index write; readers key
 * manifests by object key.
 *
 * <p>(Why not a transactional Kafka sink after the committer? Flink 2.2 cannot expand a {@code sinkTo} inside a
 * sink's post-commit topology: translation fails with a ConcurrentModificationException.)
 */
final class ManifestPublisher implements Serializable, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final KafkaSettings kafka;
    private final String topic;
    private final IndexSettings indexSettings;
    private transient Producer<String, TierManifest> producer;
    private transient ManifestIndex index;

    ManifestPublisher(KafkaSettings kafka, String topic, IndexSettings index) {
        this.kafka = kafka;
        this.topic = topic;
        this.indexSettings = index;
    }

    /** @return false when the object was announced before */
    boolean publish(String tier, TierManifest manifest) throws IOException {
        open();
        if (index.contains(manifest, tier)) {
            return false;
        }
        try {
            producer.send(new ProducerRecord<>(topic, manifest.getRobotId(), manifest)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing the manifest of " + manifest.getObjectKey(), e);
        } catch (ExecutionException e) {
            throw new IOException("cannot publish the manifest of " + manifest.getObjectKey(), e.getCause());
        }
        index.write(List.of(new IndexedManifest(manifest, tier)));
        return true;
    }

    private void open() throws IOException {
        if (producer != null) {
            return;
        }
        Properties config = new Properties();
        config.putAll(kafka.producer());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        index = new ManifestIndex(indexSettings);
        index.ensure();
        producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerdeFactory.forRegistry(kafka.registryApiUrl(), kafka.registryClient())
                        .valueSerde(TierManifest.class).serializer());
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
