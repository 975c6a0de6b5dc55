package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.ObjectStoreSettings;
import io.fleetstream.connectors.retrieval.S3Errors;
import io.minio.MinioClient;
import io.minio.SetObjectTagsArgs;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes staged objects visible once the checkpoint that covers them completed, by completing their multipart
 * uploads, then announces them ({@link ManifestPublisher}). Idempotent, because Flink commits again what it cannot
 * prove was committed (a restore from the checkpoint whose completion notice was lost): an upload that no longer
 * exists while its object does was completed before, and an object already indexed is not announced twice.
 * Referenced objects (the bridge's claim-check frames) are tagged with their retention tier, which lifecycle rules
 * on the bridge's bucket can match; stores without tagging (s3proxy) skip that. A failed commit is retried.
 */
final class MultipartCommitter implements Committer<PendingObject> {

    static final String TIER_TAG = "fleetstream-tier";
    private static final Logger LOG = LoggerFactory.getLogger(MultipartCommitter.class);

    private final ObjectUploads uploads;
    private final MinioClient s3;
    private final ManifestPublisher publisher;
    private final Counter committed;
    private final Counter recommitted;
    private boolean taggingSupported = true;

    MultipartCommitter(ObjectStoreSettings store, ManifestPublisher publisher, SinkCommitterMetricGroup metrics) {
        this.uploads = new ObjectUploads(store.asyncClient());
        this.s3 = store.client();
        this.publisher = publisher;
        this.committed = metrics.counter("objectsCommitted");
        this.recommitted = metrics.counter("objectsAlreadyCommitted");
    }

    @Override
    public void commit(Collection<CommitRequest<PendingObject>> requests) throws IOException {
        for (CommitRequest<PendingObject> request : requests) {
            PendingObject object = request.getCommittable();
            try {
                if (object.uploadId() == null) {
                    tag(object);
                } else if (uploads.complete(object.bucket(), object.key(), object.uploadId(), object.parts())) {
                    committed.inc();
                } else if (uploads.size(object.bucket(), object.key()) == object.manifest().getByteSize()) {
                    recommitted.inc();
                } else {
                    request.signalFailedWithKnownReason(new IOException("upload " + object.uploadId() + " of "
                            + object.key() + " is gone and the object is missing or of another size: the staged"
                            + " parts were aborted (lifecycle rule abandoned-uploads shorter than the outage?)"));
                    continue;
                }
                publisher.publish(object.tier(), object.manifest());
            } catch (IOException e) {
                LOG.warn("commit of {} failed (attempt {}), retrying", object, request.getNumberOfRetries() + 1, e);
                request.retryLater();
            }
        }
    }

    private void tag(PendingObject object) {
        if (!taggingSupported) {
            return;
        }
        try {
            s3.setObjectTags(SetObjectTagsArgs.builder().bucket(object.bucket()).object(object.key())
                    .tags(Map.of(TIER_TAG, object.tier())).build());
        } catch (MinioException e) {
            if (S3Errors.is(e, S3Errors.NOT_IMPLEMENTED)) {
                taggingSupported = false;
                LOG.info("the object store does not support object tags: referenced frames are not tagged");
            } else {
                LOG.warn("cannot tag {} with its tier {}", object, object.tier(), e);
            }
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
