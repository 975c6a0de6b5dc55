package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.FrameCodec;
import io.fleetstream.connectors.retrieval.ObjectStoreSettings;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Exactly-once sink of point cloud chunks: {@link FrameChunkWriter} stages each chunk as a multipart upload, the
 * {@link MultipartCommitter} makes it visible when the covering checkpoint completes and announces its manifest.
 */
final class FrameChunkSink implements Sink<FrameChunk>, SupportsCommitter<PendingObject> {

    private static final long serialVersionUID = 1L;

    private final ObjectStoreSettings store;
    private final FrameCodec codec;
    private final int partSize;
    private final ManifestPublisher publisher;

    FrameChunkSink(ObjectStoreSettings store, FrameCodec codec, int partSize, ManifestPublisher publisher) {
        this.store = store;
        this.codec = codec;
        this.partSize = partSize;
        this.publisher = publisher;
    }

    @Override
    public SinkWriter<FrameChunk> createWriter(WriterInitContext context) throws IOException {
        store.ensureBucket(store.client());
        return new FrameChunkWriter(store.bucket(), codec, partSize, new ObjectUploads(store.asyncClient()),
                context.getProcessingTimeService(), context.metricGroup());
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
