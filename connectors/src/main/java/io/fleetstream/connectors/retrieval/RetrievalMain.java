package io.fleetstream.connectors.retrieval;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.common.tracing.Tracing;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrieval service: the {@link RetrievalApi} on the ops server's port (8083 by default) next to
 * {@code /health}, {@code /ready} (index and bucket reachable) and {@code /metrics}; traced as
 * {@value #SERVICE_NAME} when the {@code tracing} section enables it.
 */
public final class RetrievalMain implements AutoCloseable {

    public static final String SERVICE_NAME = "fleetstream-retrieval";
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalMain.class);

    private final OpsServer ops;
    private final RetrievalApi api;
    private final Tracing tracing;

    private RetrievalMain(OpsServer ops, RetrievalApi api, Tracing tracing) {
        this.ops = ops;
        this.api = api;
        this.tracing = tracing;
    }

    public static RetrievalMain start(RetrievalSettings settings) throws java.io.IOException {
        MinioClient s3 = settings.objectStore().client();
        ManifestIndex index = new ManifestIndex(settings.index());
        OpsServer ops = OpsServer.start(settings.host(), settings.port(), "retrieval");
        Tracing tracing = Tracing.start(settings.tracing(), SERVICE_NAME);
        RetrievalApi api = new RetrievalApi(new TieredDataReader(index, s3), index,
                settings.maxConcurrentStreams(), ops.meterRegistry(), tracing);
        ops.route(RetrievalApi.PREFIX, api);
        ops.livenessCheck("api", HealthCheck.Result::up);
        ops.readinessCheck("object-store", () -> bucketReachable(s3, settings.objectStore().bucket()));
        ops.readinessCheck("manifest-index", () -> indexReachable(index));
        LOG.info("retrieval API on {}{}", ops.baseUrl(), RetrievalApi.PREFIX);
        return new RetrievalMain(ops, api, tracing);
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
        tracing.close();
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
