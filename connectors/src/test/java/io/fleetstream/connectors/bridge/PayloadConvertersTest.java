package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.PointcloudFrame;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class PayloadConvertersTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private static final long TS = NOW.minusSeconds(2).toEpochMilli();
    private static final String ROBOT = "robot-0007";

    private final JsonPayloadReader json = new JsonPayloadReader(4096);
    private final EnvelopeValidator envelopes = new EnvelopeValidator(Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(5), Duration.ofDays(7));
    private final TelemetryConverter telemetry = new TelemetryConverter(json, envelopes,
            Map.of("battery_pct", new BridgeConfig.Range(0, 100)));
    private final PointcloudConverter pointclouds = new PointcloudConverter(envelopes,
            new BridgeConfig.PointcloudLimits(1 << 20, 1 << 16), Optional.empty());

    @Test
    void telemetryBecomesATelemetrySample() throws Exception {
        TelemetrySample sample = (TelemetrySample) single(telemetry, Payloads.telemetry(ROBOT, 12, TS));

        assertThat(sample.getRobotId()).isEqualTo(ROBOT);
        assertThat(sample.getSeq()).isEqualTo(12);
        assertThat(sample.getEventTime()).isEqualTo(Instant.ofEpochMilli(TS));
        assertThat(sample.getIngestTime()).isEqualTo(NOW);
        assertThat(sample.getMetrics()).containsEntry("battery_pct", 87.5).hasSize(6);
    }

    @Test
    void heartbeatKeepsErrorCodesAndFirmware() throws Exception {
        Heartbeat heartbeat = (Heartbeat) single(new HeartbeatConverter(json, envelopes),
                Payloads.heartbeat(ROBOT, 3, TS));

        assertThat(heartbeat.getUptimeSeconds()).isEqualTo(360);
        assertThat(heartbeat.getErrorCodes()).containsExactly("E12");
        assertThat(heartbeat.getFirmware()).isEqualTo("1.4.2");
        String minimal = "{\"robotId\":\"" + ROBOT + "\",\"site\":\"s\",\"seq\":1,\"ts\":" + TS
                + ",\"status\":\"OK\",\"uptimeS\":1}";
        Heartbeat bare = (Heartbeat) single(new HeartbeatConverter(json, envelopes), minimal);
        assertThat(bare.getErrorCodes()).isEmpty();
        assertThat(bare.getFirmware()).isNull();
    }

    @Test
    void logBatchBecomesOneRecordPerLineAndFailsAsAWhole() throws Exception {
        LogConverter logs = new LogConverter(json, envelopes);
        String batch = "[" + Payloads.logLine(ROBOT, 1, TS, "WARN", "path blocked") + ","
                + Payloads.logLine(ROBOT, 2, TS, "error", "") + "]";

        List<SpecificRecord> records = logs.convert(message("robots/" + ROBOT + "/logs", batch), ROBOT);

        assertThat(records).extracting(r -> ((LogRecord) r).getLevel()).containsExactly(LogLevel.WARN, LogLevel.ERROR);
        assertThat(((LogRecord) records.get(1)).getMessage()).isEmpty();
        String oneBad = "[" + Payloads.logLine(ROBOT, 1, TS, "WARN", "ok") + ","
                + Payloads.logLine(ROBOT, 2, TS, "LOUD", "x") + "]";
        assertRejected(logs, oneBad, RejectReason.INVALID_VALUE);
        assertRejected(logs, "[]", RejectReason.EMPTY_PAYLOAD);
        assertRejected(logs, "[1]", RejectReason.WRONG_TYPE);
    }

    @Test
    void telemetryViolationsAreRejectedWithTheirReason() {
        String good = Payloads.telemetry(ROBOT, 1, TS);
        assertRejected(telemetry, "", RejectReason.EMPTY_PAYLOAD);
        assertRejected(telemetry, "  \n", RejectReason.EMPTY_PAYLOAD);
        assertRejected(telemetry, good.substring(0, 40), RejectReason.INVALID_JSON);
        assertRejected(telemetry, good + "{}", RejectReason.INVALID_JSON);
        assertRejected(telemetry, good.replace("\"status\"", "\"site\":\"b\",\"status\""), RejectReason.INVALID_JSON);
        assertRejected(telemetry, "[1,2]", RejectReason.WRONG_TYPE);
        assertRejected(telemetry, good.replace("\"seq\":1,", ""), RejectReason.MISSING_FIELD);
        assertRejected(telemetry, good.replace("\"seq\":1", "\"seq\":\"1\""), RejectReason.WRONG_TYPE);
        assertRejected(telemetry, good.replace("\"seq\":1", "\"seq\":1.5"), RejectReason.WRONG_TYPE);
        assertRejected(telemetry, good.replace("\"seq\":1", "\"seq\":-1"), RejectReason.INVALID_VALUE);
        assertRejected(telemetry, good.replace("87.5", "NaN"), RejectReason.NON_FINITE_NUMBER);
        assertRejected(telemetry, good.replace("87.5", "-Infinity"), RejectReason.NON_FINITE_NUMBER);
        assertRejected(telemetry, good.replace("87.5", "1e400"), RejectReason.NON_FINITE_NUMBER);
        assertRejected(telemetry, good.replace("87.5", "\"high\""), RejectReason.WRONG_TYPE);
        assertRejected(telemetry, good.replace("87.5", "187.5"), RejectReason.OUT_OF_RANGE);
        assertRejected(telemetry, good.replace(String.valueOf(TS), String.valueOf(NOW.plusSeconds(600).toEpochMilli())),
                RejectReason.TIMESTAMP_IN_FUTURE);
        assertRejected(telemetry, good.replace(String.valueOf(TS), "1000"), RejectReason.TIMESTAMP_TOO_OLD);
        assertRejected(telemetry, good.replace(ROBOT, "robot-0008"), RejectReason.ROBOT_ID_MISMATCH);
        assertRejected(telemetry, "{\"robotId\":\"" + "x".repeat(5000) + "\"}", RejectReason.PAYLOAD_TOO_LARGE);
        byte[] badUtf8 = good.getBytes(StandardCharsets.UTF_8);
        badUtf8[20] = (byte) 0xC3;
        badUtf8[21] = (byte) 0x28;
        assertThatThrownBy(() -> telemetry.convert(message("t", badUtf8, Map.of()), ROBOT))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_UTF8));
    }

    @Test
    void pointcloudMetadataComesFromUserProperties() throws Exception {
        byte[] pcd = Pcd.binary(50);
        PointcloudFrame frame = (PointcloudFrame) pointclouds.convert(message("robots/" + ROBOT + "/pointcloud", pcd,
                pointcloudProperties()), ROBOT).get(0);

        assertThat(frame.getFrameId()).isEqualTo("f-1");
        assertThat(frame.getSensor()).isEqualTo("lidar-front");
        assertThat(frame.getPointCount()).isEqualTo(50);
        assertThat(frame.getFields()).hasSize(4);
        assertThat(frame.getPayload()).isInstanceOfSatisfying(InlinePayload.class,
                inline -> assertThat(inline.getUncompressedSize()).isEqualTo(pcd.length));

        Map<String, String> noSensor = new HashMap<>(pointcloudProperties());
        noSensor.remove("sensor");
        assertThatThrownBy(() -> pointclouds.convert(message("t", pcd, noSensor), ROBOT))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MISSING_FIELD));
        assertThatThrownBy(() -> pointclouds.convert(message("t", Pcd.binary(5000), pointcloudProperties()), ROBOT))
                .as("above the inline limit without an object store")
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE));
    }

    private static Map<String, String> pointcloudProperties() {
        return Map.of("robotId", ROBOT, "site", "site-a", "sensor", "lidar-front", "frameId", "f-1", "seq", "4",
                "ts", String.valueOf(TS));
    }

    private static SpecificRecord single(PayloadConverter converter, String payload) throws Exception {
        List<SpecificRecord> records = converter.convert(message("robots/" + ROBOT + "/x", payload), ROBOT);
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static void assertRejected(PayloadConverter converter, String payload, RejectReason reason) {
        assertThatThrownBy(() -> converter.convert(message("robots/" + ROBOT + "/x", payload), ROBOT))
                .as(payload.length() > 100 ? payload.substring(0, 100) : payload)
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static IncomingMessage message(String topic, String payload) {
        return message(topic, payload.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static IncomingMessage message(String topic, byte[] payload, Map<String, String> properties) {
        return new IncomingMessage(topic, payload, properties, NOW, System.nanoTime(), () -> { });
    }
}
