package io.fleetstream.flink.tiering;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Wraps a Kafka deserializer and fails the job once, mid-stream: the record that brings the count of records
 * read (over all attempts) to the armed threshold throws. Progress is kept in a static registry because Flink
 * ships the schema serialized.
 */
final class FailOnceDeserializer<T> implements KafkaRecordDeserializationSchema<T> {

    private static final Map<String, Progress> PROGRESS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final KafkaRecordDeserializationSchema<T> delegate;

    FailOnceDeserializer(KafkaRecordDeserializationSchema<T> delegate) {
        this.delegate = delegate;
        PROGRESS.put(id, new Progress());
    }

    /** Fails at the {@code more}-th record read from now on. */
    void arm(long more) {
        Progress p = PROGRESS.get(id);
        p.failAt.set(p.read.get() + more);
    }

    boolean failed() {
        return PROGRESS.get(id).failed.get();
    }

    long recordsRead() {
        return PROGRESS.get(id).read.get();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        delegate.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
        Progress p = PROGRESS.get(id);
        if (p.read.incrementAndGet() >= p.failAt.get() && p.failed.compareAndSet(false, true)) {
            throw new IOException("injected failure at record " + p.read.get());
        }
        delegate.deserialize(record, out);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return delegate.getProducedType();
    }

    private static final class Progress {
        final AtomicLong read = new AtomicLong();
        final AtomicLong failAt = new AtomicLong(Long.MAX_VALUE);
        final AtomicBoolean failed = new AtomicBoolean();
    }
}
