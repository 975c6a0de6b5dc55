package io.fleetstream.simulator.generator;

import static io.fleetstream.simulator.generator.Recorder.metric;
import static io.fleetstream.simulator.generator.Recorder.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.simulator.model.Fault;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Each fault changes the generated values as described, starting at its onset and not before: a faulted run is
 * compared with a fault-free run of the same seed.
 */
class FaultInjectionTest {

    private static final FleetSettings FLEET = FleetSettings.of(20, 11);
    private static final long RUN_MS = 6 * 60_000;

    @Test
    void batteryDrainEmptiesTheBatteryFastAndEndsInError() {
        Comparison c = compare("robot-0003:battery-drain@30s");

        c.assertIdenticalBefore(30_000);
        JsonNode baselineAt90s = c.baselineTelemetryAt(90_000);
        JsonNode faultedAt90s = c.faultedTelemetryAt(90_000);
        assertThat(metric(faultedAt90s, "battery_pct")).isLessThan(metric(baselineAt90s, "battery_pct") - 20);
        assertThat(c.faulted.json(MessageType.TELEMETRY)).last()
                .satisfies(t -> assertThat(metric(t, "battery_pct")).isZero())
                .satisfies(t -> assertThat(t.get("status").asText()).isEqualTo("ERROR"));
        assertThat(c.faulted.json(MessageType.HEARTBEAT)).last()
                .satisfies(h -> assertThat(h.get("errorCodes").toString()).contains("BATTERY_DEPLETED"));
        assertThat(c.faultedLogs(l -> l.get("message").asText().startsWith("abnormal discharge current")))
                .singleElement().satisfies(l -> assertThat(ts(l)).isEqualTo(30_000));
        assertThat(c.faultedLogs(l -> l.get("message").asText().equals("battery depleted, drive shut down")))
                .hasSize(1);
    }

    @Test
    void overheatRaisesTheMotorTemperatureGraduallyUntilTheDriveTrips() {
        Comparison c = compare("robot-0007:overheat@60s");

        c.assertIdenticalBefore(60_000);
        List<JsonNode> telemetry = c.faulted.json(MessageType.TELEMETRY);
        double atOnset = metric(c.faultedTelemetryAt(60_000), "motor_temp_c");
        // thermal lag: ten seconds in, the motor is warmer but nowhere near the trip point yet
        assertThat(metric(c.faultedTelemetryAt(70_000), "motor_temp_c")).isBetween(atOnset + 2, 80.0);
        JsonNode firstError = telemetry.stream().filter(t -> t.get("status").asText().equals("ERROR"))
                .findFirst().orElseThrow();
        assertThat(ts(firstError)).isGreaterThan(90_000);
        assertThat(metric(firstError, "motor_temp_c")).isGreaterThan(85);
        assertThat(metric(c.faultedTelemetryAt(RUN_MS - 1000), "motor_temp_c"))
                .isGreaterThan(metric(c.baselineTelemetryAt(RUN_MS - 1000), "motor_temp_c") + 30);
        assertThat(c.faulted.json(MessageType.TELEMETRY).stream().filter(t -> ts(t) > ts(firstError)))
                .allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("ERROR"));
        assertThat(c.faultedLogs(l -> l.get("level").asText().equals("ERROR")
                && l.get("message").asText().startsWith("motor over-temperature"))).hasSize(1);
        assertThat(c.faulted.json(MessageType.HEARTBEAT)).last()
                .satisfies(h -> assertThat(h.get("status").asText()).isEqualTo("ERROR"))
                .satisfies(h -> assertThat(h.get("errorCodes").toString()).contains("MOTOR_OVERTEMP"));
        assertThat(c.baseline.json(MessageType.TELEMETRY))
                .allSatisfy(t -> assertThat(metric(t, "motor_temp_c")).isLessThan(75));
    }

    @Test
    void stuckSensorFreezesOnlyTheReportedMetricForItsDuration() {
        Comparison c = compare("robot-0011:stuck-sensor:motor_temp_c@20s+120s");

        c.assertIdenticalBefore(20_000);
        double frozen = metric(c.faultedTelemetryAt(20_000), "motor_temp_c");
        assertThat(frozen).isEqualTo(metric(c.baselineTelemetryAt(20_000), "motor_temp_c"));
        List<JsonNode> faulted = c.faulted.json(MessageType.TELEMETRY);
        List<JsonNode> baseline = c.baseline.json(MessageType.TELEMETRY);
        assertThat(faulted).hasSameSizeAs(baseline);
        long baselineDistinctWhileStuck = baseline.stream().filter(t -> ts(t) >= 20_000 && ts(t) < 140_000)
                .map(t -> metric(t, "motor_temp_c")).distinct().count();
        assertThat(baselineDistinctWhileStuck).isGreaterThan(20);
        for (int i = 0; i < faulted.size(); i++) {
            JsonNode f = faulted.get(i);
            JsonNode b = baseline.get(i);
            boolean stuck = ts(f) >= 20_000 && ts(f) < 140_000;
            assertThat(metric(f, "motor_temp_c")).isEqualTo(stuck ? frozen : metric(b, "motor_temp_c"));
            // the physical robot is unaffected: every other field is exactly the fault-free value
            ((ObjectNode) f.get("metrics")).remove("motor_temp_c");
            ((ObjectNode) b.get("metrics")).remove("motor_temp_c");
            assertThat(f).isEqualTo(b);
        }
    }

    @Test
    void dropoutSilencesTheRobotThenItReconnectsAndFlushesBufferedLogs() {
        Comparison c = compare("robot-0015:dropout@45s+30s");

        c.assertIdenticalBefore(45_000);
        assertThat(c.faulted.connectivity).extracting(Recorder.Connectivity::online).containsExactly(false, true);
        for (MessageType type : List.of(MessageType.TELEMETRY, MessageType.HEARTBEAT, MessageType.POINTCLOUD)) {
            assertThat(c.faulted.ofType(type)).noneMatch(m -> silent(m.emittedAtMs()));
            assertThat(c.faulted.ofType(type)).anyMatch(m -> m.emittedAtMs() - Recorder.START_EPOCH_MS >= 75_000);
        }
        assertThat(c.faulted.messages).noneMatch(m -> silent(m.emittedAtMs()));
        List<JsonNode> telemetry = c.faulted.json(MessageType.TELEMETRY);
        assertThat(telemetry).extracting(t -> t.get("seq").asLong()).containsExactlyElementsOf(
                LongStream.range(0, telemetry.size()).boxed().toList());
        assertThat(telemetry.size()).isEqualTo(c.baseline.json(MessageType.TELEMETRY).size() - 60);

        OutboundMessage flush = c.faulted.ofType(MessageType.LOG).stream()
                .filter(m -> m.emittedAtMs() - Recorder.START_EPOCH_MS == 75_000).findFirst().orElseThrow();
        JsonNode lines = Recorder.parse(flush.payload());
        assertThat(lines.isArray()).isTrue();
        assertThat(lines.get(0).get("message").asText()).isEqualTo("connection to broker lost, buffering log lines");
        assertThat(ts(lines.get(0))).isEqualTo(45_000);
        assertThat(lines.get(lines.size() - 1).get("message").asText()).startsWith("reconnected after 30.0 s offline");
        for (int i = 1; i < lines.size() - 1; i++) {
            assertThat(ts(lines.get(i))).isBetween(45_000L, 75_000L);
        }
    }

    @Test
    void aFaultAffectsOnlyItsRobot() {
        FleetSettings faulted = FLEET.withFaults(List.of(Fault.parse("robot-0003:overheat@10s"),
                Fault.parse("robot-0004:dropout@5s+60s")));

        assertThat(DeterminismTest.fingerprints(Recorder.run(faulted, "robot-0005", RUN_MS)))
                .isEqualTo(DeterminismTest.fingerprints(Recorder.run(FLEET, "robot-0005", RUN_MS)));
    }

    private static boolean silent(long emittedAtMs) {
        long elapsed = emittedAtMs - Recorder.START_EPOCH_MS;
        return elapsed >= 45_000 && elapsed < 75_000;
    }

    private static Comparison compare(String faultSpec) {
        Fault fault = Fault.parse(faultSpec);
        return new Comparison(Recorder.run(FLEET, fault.robotId(), RUN_MS),
                Recorder.run(FLEET.withFaults(List.of(fault)), fault.robotId(), RUN_MS));
    }

    private record Comparison(Recorder baseline, Recorder faulted) {

        void assertIdenticalBefore(long onsetMs) {
            List<String> before = DeterminismTest.fingerprints(baseline).subList(0, countBefore(baseline, onsetMs));
            assertThat(before).isNotEmpty();
            assertThat(DeterminismTest.fingerprints(faulted).subList(0, countBefore(faulted, onsetMs)))
                    .isEqualTo(before);
        }

        JsonNode baselineTelemetryAt(long elapsedMs) {
            return telemetryAt(baseline, elapsedMs);
        }

        JsonNode faultedTelemetryAt(long elapsedMs) {
            return telemetryAt(faulted, elapsedMs);
        }

        List<JsonNode> faultedLogs(Predicate<JsonNode> filter) {
            return faulted.json(MessageType.LOG).stream().filter(filter).toList();
        }

        /** The first telemetry sample at or after {@code elapsedMs}. */
        private static JsonNode telemetryAt(Recorder recorder, long elapsedMs) {
            return recorder.json(MessageType.TELEMETRY).stream().filter(t -> ts(t) >= elapsedMs).findFirst()
                    .orElseThrow();
        }

        private static int countBefore(Recorder recorder, long onsetMs) {
            return (int) recorder.messages.stream()
                    .filter(m -> m.emittedAtMs() - Recorder.START_EPOCH_MS < onsetMs).count();
        }
    }
}
