package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.ManifestIndex;
import io.minio.MinioClient;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a tiering job sets up before it starts: the bucket, its lifecycle (retention) rules and the manifest
 * index's retention policy. All idempotent.
 */
public final class TieringSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TieringSetup.class);

    private TieringSetup() {
    }

    public static void prepare(TieringSettings tiering) throws IOException {
        MinioClient s3 = tiering.objectStore().client();
        String bucket = tiering.objectStore().bucket();
        tiering.objectStore().ensureBucket(s3);
        if (tiering.retention().install(s3, bucket)) {
            LOG.info("lifecycle rules of bucket {}: {}", bucket, tiering.retention().expirations());
        } else {
            LOG.warn("the object store has no lifecycle support: expire tiered data with"
                    + " `RetrievalCli retention sweep` (rules {})", tiering.retention().expirations());
        }
        new ManifestIndex(tiering.index()).ensure();
    }
}
