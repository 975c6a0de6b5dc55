package io.fleetstream.flink.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps a sink and kills the job once, mid-stream: the first record written after the test {@link #arm}ed it
 * with a record count throws. It also tells the test whether the restarted job was restored from a checkpoint
 * (its writer gets back the state it snapshotted), and how many records reached the wrapped sink over all
 * attempts, replays included.
 */
public final class FailOnceSink<T> implements Sink<T>, SupportsWriterState<T, Long> {

    private static final Map<String, Progress> PROGRESS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final Sink<T> delegate;

    public FailOnceSink(Sink<T> delegate) {
        this.delegate = delegate;
        PROGRESS.put(id, new Progress());
    }

    /** Fails the job at the {@code more}-th record from now. */
    public void arm(long more) {
        Progress p = progress();
        p.failAt.set(p.written.get() + more);
    }

    public int snapshots() {
        return progress().snapshots.get();
    }

    public long recordsWritten() {
        return progress().written.get();
    }

    public boolean failed() {
        return progress().failed.get();
    }

    public boolean restoredFromCheckpoint() {
        return progress().restored.get();
    }

    private Progress progress() {
        return PROGRESS.get(id);
    }

    @Override
    public StatefulSinkWriter<T, Long> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(delegate.createWriter(context), progress());
    }

    @Override
    public StatefulSinkWriter<T, Long> restoreWriter(WriterInitContext context, Collection<Long> state)
            throws IOException {
        if (!state.isEmpty()) {
            progress().restored.set(true);
        }
        return createWriter(context);
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Long value) {
                return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
            }

            @Override
            public Long deserialize(int version, byte[] bytes) {
                return ByteBuffer.wrap(bytes).getLong();
            }
        };
    }

    private static final class Progress {
        final AtomicLong written = new AtomicLong();
        final AtomicLong failAt = new AtomicLong(Long.MAX_VALUE);
        final AtomicInteger snapshots = new AtomicInteger();
        final AtomicBoolean failed = new AtomicBoolean();
        final AtomicBoolean restored = new AtomicBoolean();
    }

    private static final class Writer<T> implements StatefulSinkWriter<T, Long> {
        private final SinkWriter<T> delegate;
        private final Progress progress;

        Writer(SinkWriter<T> delegate, Progress progress) {
            this.delegate = delegate;
            this.progress = progress;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            delegate.write(element, context);
            if (progress.written.incrementAndGet() >= progress.failAt.get() && progress.failed.compareAndSet(false,
                    true)) {
                throw new IllegalStateException("Injected failure after " + progress.written.get() + " records");
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            delegate.flush(endOfInput);
        }

        @Override
        public List<Long> snapshotState(long checkpointId) {
            progress.snapshots.incrementAndGet();
            return List.of(progress.written.get());
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
