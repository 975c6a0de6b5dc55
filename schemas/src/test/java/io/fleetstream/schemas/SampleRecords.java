package io.fleetstream.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.DeadLetterSource;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.ObjectStoreReference;
import io.fleetstream.schemas.avro.PayloadCodec;
import io.fleetstream.schemas.avro.PcdDataEncoding;
import io.fleetstream.schemas.avro.PcdField;
import io.fleetstream.schemas.avro.PcdFieldType;
import io.fleetstream.schemas.avro.PointcloudFrame;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;

/** Realistic records with every field set, optional ones included, as the pipeline would produce them. */
final class SampleRecords {

    static final Instant EVENT_TIME = Instant.ofEpochMilli(1_764_000_000_123L);
    static final Instant INGEST_TIME = EVENT_TIME.plusMillis(37);

    private SampleRecords() {
    }

    static TelemetrySample telemetry() {
        return TelemetrySample.newBuilder()
                .setRobotId("robot-0007").setSite("site-a").setEventTime(EVENT_TIME).setSeq(123)
                .setMetrics(Map.of("battery_pct", 87.5, "motor_temp_c", 41.2, "cpu_pct", 23.0, "pos_x", 1.5,
                        "pos_y", -3.2, "velocity_mps", 0.8))
                .setStatus("ACTIVE").setIngestTime(INGEST_TIME)
                .build();
    }

    static Heartbeat heartbeat() {
        return Heartbeat.newBuilder()
                .setRobotId("robot-0007").setSite("site-a").setEventTime(EVENT_TIME).setSeq(5)
                .setStatus("OK").setUptimeSeconds(360).setErrorCodes(List.of("E_LIDAR_DIRTY"))
                .setFirmware("1.4.2").setIngestTime(INGEST_TIME)
                .build();
    }

    static LogRecord log() {
        return LogRecord.newBuilder()
                .setRobotId("robot-0007").setSite("site-a").setEventTime(EVENT_TIME).setSeq(9)
                .setLevel(LogLevel.WARN).setSource("nav").setMessage("path blocked").setIngestTime(INGEST_TIME)
                .build();
    }

    static PointcloudFrame inlineFrame() {
        return frame().setPayload(InlinePayload.newBuilder()
                        .setCodec(PayloadCodec.ZSTD)
                        .setData(ByteBuffer.wrap("compressed pcd bytes".getBytes(StandardCharsets.US_ASCII)))
                        .setUncompressedSize(48_211)
                        .build())
                .build();
    }

    static PointcloudFrame referencedFrame() {
        return frame().setPayload(ObjectStoreReference.newBuilder()
                        .setBucket("fleetstream-pointclouds")
                        .setKey("site-a/robot-0007/lidar-front/2025-11-24/frame-000042.pcd")
                        .setSize(9_830_445)
                        .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                        .build())
                .build();
    }

    private static PointcloudFrame.Builder frame() {
        return PointcloudFrame.newBuilder()
                .setFrameId("frame-000042").setRobotId("robot-0007").setSite("site-a").setSensor("lidar-front")
                .setEventTime(EVENT_TIME).setSeq(42).setPointCount(4096).setWidth(4096).setHeight(1)
                .setFields(List.of(
                        pcdField("x", PcdFieldType.FLOAT), pcdField("y", PcdFieldType.FLOAT),
                        pcdField("z", PcdFieldType.FLOAT), pcdField("intensity", PcdFieldType.FLOAT)))
                .setDataEncoding(PcdDataEncoding.BINARY)
                .setIngestTime(INGEST_TIME);
    }

    private static PcdField pcdField(String name, PcdFieldType type) {
        return PcdField.newBuilder().setName(name).setType(type).setSize(4).setCount(1).build();
    }

    static RobotHealth robotHealth() {
        return RobotHealth.newBuilder()
                .setRobotId("robot-0007").setSite("site-a").setLevel(HealthLevel.DEGRADED)
                .setReasons(List.of("battery 12.0% below 15%", "2.5 error logs/min above 1.0"))
                .setLevelSince(INGEST_TIME.minusSeconds(90))
                .setLastSeenEventTime(EVENT_TIME).setLastSeenWallTime(INGEST_TIME)
                .setBatteryPct(12.0).setBatteryTrendPctPerMin(-0.8).setBatteryTimeToEmptySeconds(900L)
                .setStatus("ACTIVE").setErrorCodes(List.of("E_LIDAR_DIRTY"))
                .setErrorLogRatePerMin(2.5).setWarnLogRatePerMin(4.0).setMessageRatePerSec(10.0)
                .setUpdateTime(INGEST_TIME.plusMillis(5))
                .build();
    }

    static FleetHealth siteHealth() {
        return FleetHealth.newBuilder()
                .setScope(HealthScope.SITE).setSite("site-a")
                .setRobotsOk(40).setRobotsDegraded(5).setRobotsCritical(2).setRobotsOffline(3)
                .setLowBatteryCount(4).setRobotsWithRecentAnomalies(6).setTotalRobots(50)
                .setUpdateTime(INGEST_TIME)
                .build();
    }

    static HealthTransition healthTransition() {
        return HealthTransition.newBuilder()
                .setRobotId("robot-0007").setSite("site-a")
                .setFromLevel(HealthLevel.OK).setToLevel(HealthLevel.DEGRADED)
                .setReasons(List.of("battery 12.0% below 15%")).setTransitionTime(INGEST_TIME)
                .build();
    }

    static AnomalyEvent anomaly() {
        return AnomalyEvent.newBuilder()
                .setRobotId("robot-0007").setSite("site-a").setMetric("motor_temp_c").setEventTime(EVENT_TIME)
                .setValue(93.1).setScore(0.97).setExpectedLow(38.0).setExpectedHigh(52.4)
                .setDetector("robust-zscore/1").setReason("motor_temp_c 93.1 above expected 38.0..52.4")
                .setDetectionTime(INGEST_TIME.plusMillis(120))
                .build();
    }

    static TierManifest pointcloudManifest() {
        return TierManifest.newBuilder()
                .setBucket("fleetstream-pointclouds")
                .setObjectKey("site-a/robot-0007/lidar-front/2025-11-24T16-00.pcds.zst")
                .setRobotId("robot-0007").setSite("site-a").setKind(TierKind.POINTCLOUD).setSensor("lidar-front")
                .setStartTime(EVENT_TIME).setEndTime(EVENT_TIME.plusMillis(100))
                .setRecordCount(2).setByteSize(96_422).setCodec("pcd-concat+zstd")
                .setSha256("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
                .setFrames(List.of(
                        tierFrame("frame-000042", EVENT_TIME, 0, 48_211, true),
                        tierFrame("frame-000043", EVENT_TIME.plusMillis(100), 48_211, 48_211, false)))
                .setCreatedAt(INGEST_TIME.plusSeconds(60))
                .build();
    }

    private static TierFrameEntry tierFrame(String frameId, Instant eventTime, long offset, long length,
            boolean fullResolution) {
        return TierFrameEntry.newBuilder().setFrameId(frameId).setEventTime(eventTime).setOffset(offset)
                .setLength(length).setFullResolution(fullResolution).build();
    }

    static DeadLetterRecord deadLetter() {
        return DeadLetterRecord.newBuilder()
                .setOriginalBytes(ByteBuffer.wrap("{\"robotId\":\"robot-0007\",\"seq\":".getBytes(StandardCharsets.UTF_8)))
                .setSourceKind(DeadLetterSource.MQTT).setSourceTopic("robots/robot-0007/telemetry")
                .setReasonCode("INVALID_JSON").setReasonDetail("Unexpected end-of-input at line 1, column 31")
                .setFailedAt(INGEST_TIME).setRobotId("robot-0007")
                .setHeaders(Map.of("mqtt.qos", "1"))
                .build();
    }

    /** One fully populated record per top-level schema; both payload kinds for point cloud frames. */
    static List<SpecificRecord> all() {
        return List.of(telemetry(), heartbeat(), log(), inlineFrame(), referencedFrame(), robotHealth(),
                siteHealth(), healthTransition(), anomaly(), pointcloudManifest(), deadLetter());
    }
}
