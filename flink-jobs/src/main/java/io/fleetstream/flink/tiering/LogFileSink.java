package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.ObjectStoreSettings;
import io.fleetstream.schemas.avro.LogRecord;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Exactly-once sink of log records into zstd-compressed JSON-lines files in the object store, partitioned by
 * site, robot, date and hour (see {@link io.fleetstream.connectors.retrieval.TierLayout}). Writers stage file
 * contents as multipart-upload parts ({@link LogFileWriter}); the {@link MultipartCommitter} completes the uploads
 * of rolled files when the checkpoint covering them completes, so a file is visible whole or not at all and
 * contains each record of the topic exactly once; then each file's manifest is published
 * ({@link ManifestPublisher}).
 */
public final class LogFileSink implements Sink<LogRecord>, SupportsWriterState<LogRecord, LogFileState>,
        SupportsCommitter<PendingObject> {

    private static final long serialVersionUID = 1L;

    private final ObjectStoreSettings store;
    private final LogTieringSettings settings;
    private final ManifestPublisher publisher;

    LogFileSink(ObjectStoreSettings store, LogTieringSettings settings, ManifestPublisher publisher) {
        this.store = store;
        this.settings = settings;
        this.publisher = publisher;
    }

    @Override
    public LogFileWriter createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public LogFileWriter restoreWriter(WriterInitContext context, Collection<LogFileState> state)
            throws IOException {
        store.ensureBucket(store.client());
        return new LogFileWriter(store.bucket(), settings, new ObjectUploads(store.asyncClient()),
                context.getProcessingTimeService(), context.metricGroup(), state);
    }

    @Override
    public SimpleVersionedSerializer<LogFileState> getWriterStateSerializer() {
        return new LogFileState.Serializer();
    }

    @Override
    public Committer<PendingObject> createCommitter(CommitterInitContext context) {
        return new MultipartCommitter(store, publisher, context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<PendingObject> getCommittableSerializer() {
        return new PendingObject.Serializer();
    }
}
