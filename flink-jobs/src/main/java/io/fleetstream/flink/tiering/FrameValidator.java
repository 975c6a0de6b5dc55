package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.FrameCodec;
import io.fleetstream.connectors.retrieval.ObjectStoreSettings;
import io.fleetstream.connectors.retrieval.S3Errors;
import io.fleetstream.flink.common.DeadLetterSplitter;
import io.fleetstream.flink.common.RegistryAvroDeserializationSchema;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.DeadLetterSource;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.ObjectStoreReference;
import io.fleetstream.schemas.avro.PointcloudFrame;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns point cloud records into {@link TieredFrame}s: inline frames are checked ({@link FrameCheck}) and
 * compressed with the job's codec; referenced frames (stored by the bridge) are checked to exist with their
 * declared size, and are never downloaded. Frames that fail go to the dead-letter side output
 * ({@link DeadLetterSplitter#DEAD_LETTERS}) with the reason; the job keeps running.
 */
final class FrameValidator extends ProcessFunction<PointcloudFrame, TieredFrame> {

    static final String MISSING_OBJECT = "MISSING_OBJECT";
    private static final long serialVersionUID = 1L;

    private final FrameCodec codec;
    private final ObjectStoreSettings store;
    private final String topic;
    private final String consumer;
    private transient MinioClient s3;
    private transient Counter rejected;

    FrameValidator(FrameCodec codec, ObjectStoreSettings store, String topic, String consumer) {
        this.codec = codec;
        this.store = store;
        this.topic = topic;
        this.consumer = consumer;
    }

    @Override
    public void open(OpenContext context) {
        s3 = store.client();
        rejected = getRuntimeContext().getMetricGroup().counter("framesRejected");
    }

    @Override
    public void processElement(PointcloudFrame frame, Context ctx, Collector<TieredFrame> out) throws IOException {
        TieredFrame tiered = new TieredFrame();
        tiered.robotId = frame.getRobotId();
        tiered.site = frame.getSite();
        tiered.sensor = frame.getSensor();
        tiered.frameId = frame.getFrameId();
        tiered.seq = frame.getSeq();
        tiered.eventTime = frame.getEventTime().toEpochMilli();
        try {
            if (frame.getPayload() instanceof InlinePayload inline) {
                byte[] pcd = FrameCheck.pcd(frame, inline);
                tiered.data = codec.compress(pcd);
                tiered.originalSize = pcd.length;
            } else {
                ObjectStoreReference ref = (ObjectStoreReference) frame.getPayload();
                checkExists(ref);
                tiered.refBucket = ref.getBucket();
                tiered.refKey = ref.getKey();
                tiered.refSha256 = ref.getSha256();
                tiered.originalSize = ref.getSize();
            }
        } catch (FrameCheck.Rejected e) {
            rejected.inc();
            ctx.output(DeadLetterSplitter.DEAD_LETTERS, deadLetter(frame, e.code(), e.getMessage()));
            return;
        }
        out.collect(tiered);
    }

    private void checkExists(ObjectStoreReference ref) throws FrameCheck.Rejected, IOException {
        StatObjectResponse stat;
        try {
            stat = s3.statObject(StatObjectArgs.builder().bucket(ref.getBucket()).object(ref.getKey()).build());
        } catch (MinioException e) {
            String code = S3Errors.code(e);
            if (S3Errors.NO_SUCH_KEY.equals(code) || "NoSuchBucket".equals(code)) {
                throw new FrameCheck.Rejected(MISSING_OBJECT, "referenced object " + ref.getBucket() + "/"
                        + ref.getKey() + " does not exist");
            }
            throw new IOException("cannot check " + ref.getBucket() + "/" + ref.getKey() + ": " + e.getMessage(), e);
        }
        if (stat.size() != ref.getSize()) {
            throw new FrameCheck.Rejected(MISSING_OBJECT, "referenced object " + ref.getKey() + " holds "
                    + stat.size() + " bytes, the reference says " + ref.getSize());
        }
    }

    private DeadLetterRecord deadLetter(PointcloudFrame frame, String code, String detail) {
        byte[] original = frame.getPayload() instanceof InlinePayload inline ? FrameCheck.bytes(inline.getData())
                : frame.getPayload().toString().getBytes(StandardCharsets.UTF_8);
        return DeadLetterRecord.newBuilder()
                .setOriginalBytes(ByteBuffer.wrap(original))
                .setSourceKind(DeadLetterSource.KAFKA)
                .setSourceTopic(topic)
                .setReasonCode(code)
                .setReasonDetail(detail)
                .setFailedAt(Instant.now())
                .setRobotId(frame.getRobotId())
                .setHeaders(Map.of(RegistryAvroDeserializationSchema.CONSUMER_HEADER, consumer,
                        "frameId", frame.getFrameId(), "sensor", frame.getSensor(),
                        "seq", Long.toString(frame.getSeq()),
                        "eventTime", Long.toString(frame.getEventTime().toEpochMilli()),
                        "payloadCodec", frame.getPayload() instanceof InlinePayload inline
                                ? inline.getCodec().name() : "REFERENCE"))
                .build();
    }
}
