package io.fleetstream.simulator.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.simulator.lidar.PcdDecoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The payloads follow the MQTT contract of TEAM.md field by field. */
class PayloadContractTest {

    private static final String ROBOT = "robot-0005";
    private static Recorder run;

    @BeforeAll
    static void generate() {
        FleetSettings fleet = FleetSettings.of(8, 3)
                .withGenerator(GeneratorSettings.defaults().withLogsPerMinute(30));
        run = Recorder.run(fleet, ROBOT, 5 * 60_000);
    }

    @Test
    void messagesGoToTheRobotsTopics() {
        assertThat(run.messages).allSatisfy(m -> {
            assertThat(m.topic()).isEqualTo("robots/" + ROBOT + "/" + m.type().topicSuffix());
            assertThat(MessageType.ofTopic(m.topic())).contains(m.type());
        });
    }

    @Test
    void telemetryHasTheContractFieldsInOrder() {
        List<JsonNode> telemetry = run.json(MessageType.TELEMETRY);

        assertThat(telemetry).hasSize(600);
        assertThat(telemetry).allSatisfy(t -> {
            assertThat(fieldNames(t)).containsExactly("robotId", "site", "seq", "ts", "metrics", "status");
            assertThat(t.get("robotId").asText()).isEqualTo(ROBOT);
            assertThat(t.get("site").asText()).isEqualTo("site-a");
            assertThat(fieldNames(t.get("metrics"))).containsExactly(
                    "battery_pct", "motor_temp_c", "cpu_pct", "pos_x", "pos_y", "velocity_mps");
            t.get("metrics").forEach(v -> assertThat(v.isNumber()).isTrue());
            assertThat(t.get("status").asText()).isIn("ACTIVE", "IDLE", "CHARGING", "ERROR");
        });
        assertSequencedAndOrdered(telemetry);
    }

    @Test
    void telemetryIsPublishedAtTheConfiguredRate() {
        List<JsonNode> telemetry = run.json(MessageType.TELEMETRY);
        for (int i = 1; i < telemetry.size(); i++) {
            assertThat(Recorder.ts(telemetry.get(i)) - Recorder.ts(telemetry.get(i - 1))).isEqualTo(500);
        }
    }

    @Test
    void heartbeatsHaveTheContractFields() {
        List<JsonNode> heartbeats = run.json(MessageType.HEARTBEAT);

        assertThat(heartbeats).hasSize(60);
        assertThat(heartbeats).allSatisfy(h -> {
            assertThat(fieldNames(h)).containsExactly("robotId", "site", "seq", "ts", "status", "uptimeS",
                    "errorCodes", "firmware");
            assertThat(h.get("status").asText()).isIn("OK", "DEGRADED", "ERROR");
            assertThat(h.get("uptimeS").isIntegralNumber()).isTrue();
            assertThat(h.get("errorCodes").isArray()).isTrue();
            assertThat(h.get("firmware").asText()).matches("\\d+\\.\\d+\\.\\d+");
        });
        long firstUptime = heartbeats.get(0).get("uptimeS").asLong();
        assertThat(heartbeats.get(12).get("uptimeS").asLong()).isEqualTo(firstUptime + 60);
        assertSequencedAndOrdered(heartbeats);
    }

    @Test
    void logsAreObjectsOrArraysOfObjectsWithTheContractFields() {
        List<JsonNode> lines = run.json(MessageType.LOG);

        assertThat(lines).hasSizeGreaterThan(100);
        assertThat(lines).allSatisfy(l -> {
            assertThat(fieldNames(l)).containsExactly("robotId", "site", "seq", "ts", "level", "source", "message");
            assertThat(l.get("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(l.get("source").asText()).isIn("nav", "motor", "battery", "lidar", "system", "network");
            assertThat(l.get("message").asText()).isNotBlank();
        });
        assertSequencedAndOrdered(lines);
    }

    @Test
    void pointcloudsArePcdFramesWithMetadataInUserProperties() {
        List<OutboundMessage> frames = run.ofType(MessageType.POINTCLOUD);

        assertThat(frames).hasSize(30);
        for (int i = 0; i < frames.size(); i++) {
            Map<String, String> properties = frames.get(i).userProperties();
            assertThat(properties.keySet()).containsExactly("robotId", "site", "sensor", "frameId", "seq", "ts");
            assertThat(properties).containsEntry("robotId", ROBOT).containsEntry("site", "site-a")
                    .containsEntry("sensor", "lidar-top").containsEntry("seq", Integer.toString(i))
                    .containsEntry("frameId", ROBOT + "/lidar-top/" + i)
                    .containsEntry("ts", Long.toString(frames.get(i).emittedAtMs()));

            PcdDecoder.Cloud cloud = PcdDecoder.decode(frames.get(i).payload());
            assertThat(cloud.header()).containsEntry("VERSION", "0.7").containsEntry("FIELDS", "x y z intensity")
                    .containsEntry("SIZE", "4 4 4 4").containsEntry("TYPE", "F F F F").containsEntry("DATA", "binary");
            assertThat(cloud.points()).isBetween(1000, 16 * 128);
        }
        assertThat(frames.get(1).emittedAtMs() - frames.get(0).emittedAtMs()).isEqualTo(10_000);
    }

    @Test
    void valuesDriftRealistically() {
        List<JsonNode> telemetry = run.json(MessageType.TELEMETRY);
        Set<String> distinctCpu = new HashSet<>();
        for (int i = 1; i < telemetry.size(); i++) {
            JsonNode a = telemetry.get(i - 1);
            JsonNode b = telemetry.get(i);
            // half a second apart: the motor's thermal lag and the battery's capacity allow only small steps
            assertThat(Math.abs(Recorder.metric(b, "motor_temp_c") - Recorder.metric(a, "motor_temp_c")))
                    .isLessThan(1.0);
            assertThat(Math.abs(Recorder.metric(b, "battery_pct") - Recorder.metric(a, "battery_pct")))
                    .isLessThan(0.5);
            // kinematics: no teleporting beyond top speed
            double moved = Math.hypot(Recorder.metric(b, "pos_x") - Recorder.metric(a, "pos_x"),
                    Recorder.metric(b, "pos_y") - Recorder.metric(a, "pos_y"));
            assertThat(moved).isLessThanOrEqualTo(1.6 * 0.5 + 0.02);
            distinctCpu.add(b.get("metrics").get("cpu_pct").asText());
        }
        assertThat(distinctCpu).hasSizeGreaterThan(100);
        assertThat(telemetry).allSatisfy(t -> {
            assertThat(Recorder.metric(t, "pos_x")).isBetween(-30.0, 30.0);
            assertThat(Recorder.metric(t, "pos_y")).isBetween(-20.0, 20.0);
            assertThat(Recorder.metric(t, "cpu_pct")).isBetween(1.0, 100.0);
            assertThat(Recorder.metric(t, "battery_pct")).isBetween(0.0, 100.0);
        });
    }

    private static void assertSequencedAndOrdered(List<JsonNode> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(nodes.get(i).get("seq").asLong()).isEqualTo(i);
            if (i > 0) {
                assertThat(nodes.get(i).get("ts").asLong()).isGreaterThanOrEqualTo(nodes.get(i - 1).get("ts").asLong());
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
