package io.fleetstream.connectors.retrieval;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrieval service: the {@link RetrievalApi} on the ops server's port (8083 by default) next to
 * {@code /health}, {@code /ready} (index and bucket reachable) and {@code /metrics}.
 */
public final class RetrievalMain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrievalMain.class);

    private final OpsServer ops;
    private final RetrievalApi api;

    private RetrievalMain(OpsServer ops, RetrievalApi api) {
        this.ops = ops;
        this.api = api;
    }

    public static RetrievalMain start(RetrievalSettings settings) throws java.io.IOException {
        MinioClient s3 = settings.objectStore().client();
        ManifestIndex index = new ManifestIndex(settings.index());
        OpsServer ops = OpsServer.start(settings.host(), settings.port(), "retrieval");
        RetrievalApi api = new RetrievalApi(new TieredDataReader(index, s3), index,
                settings.maxConcurrentStreams(), ops.meterRegistry());
        ops.route(RetrievalApi.PREFIX, api);
        ops.livenessCheck("api", HealthCheck.Result::up);
        ops.readinessCheck("object-store", () -> bucketReachable(s3, settings.objectStore().bucket()));
        ops.readinessCheck("manifest-index", () -> indexReachable(index));
        LOG.info("retrieval API on {}{}", ops.baseUrl(), RetrievalApi.PREFIX);
        return new RetrievalMain(ops, api);
    }

    public String baseUrl() {
        return ops.baseUrl();
    }

    private static HealthCheck.Result bucketReachable(MinioClient s3, String bucket) {
        try {
            return s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())
                    ? HealthCheck.Result.up(bucket) : HealthCheck.Result.down("bucket " + bucket + " does not exist");
        } catch (Exception e) {
            return HealthCheck.Result.down(e.toString());
        }
    }

    private static HealthCheck.Result indexReachable(ManifestIndex index) {
        try {
            index.ensure();
            return HealthCheck.Result.up();
        } catch (Exception e) {
            return HealthCheck.Result.down(e.toString());
        }
    }

    @Override
    public void close() {
        ops.close();
        api.close();
    }

    public static void main(String[] args) throws Exception {
        RetrievalMain service = start(RetrievalSettings.load());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "retrieval-shutdown"));
        stopped.await();
    }
}
