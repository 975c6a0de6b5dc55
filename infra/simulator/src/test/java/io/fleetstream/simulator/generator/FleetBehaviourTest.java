package io.fleetstream.simulator.generator;

import static io.fleetstream.simulator.generator.Recorder.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Over an hour of a 20-robot shift, the fleet behaves like a working fleet. */
class FleetBehaviourTest {

    private static final long SHIFT_MS = 60 * 60_000;
    private static final Map<String, List<JsonNode>> telemetry = new HashMap<>();
    private static final List<JsonNode> logs = new ArrayList<>();

    @BeforeAll
    static void runShift() {
        FleetSettings fleet = FleetSettings.of(20, 42)
                .withGenerator(GeneratorSettings.defaults().withTelemetryHz(1).withPointcloudInterval(
                        Duration.ZERO));
        Recorder recorder = new Recorder();
        FleetModel.create(fleet, Recorder.START_EPOCH_MS).advanceTo(SHIFT_MS, recorder);
        for (OutboundMessage message : recorder.messages) {
            if (message.type() == MessageType.TELEMETRY) {
                telemetry.computeIfAbsent(message.robotId(), id -> new ArrayList<>())
                        .add(Recorder.parse(message.payload()));
            }
        }
        logs.addAll(recorder.json(MessageType.LOG));
    }

    @Test
    void robotsGoThroughTheWholeStatusCycle() {
        Set<String> statuses = new HashSet<>();
        Set<String> transitions = new HashSet<>();
        telemetry.values().forEach(samples -> {
            for (int i = 1; i < samples.size(); i++) {
                String from = samples.get(i - 1).get("status").asText();
                String to = samples.get(i).get("status").asText();
                statuses.add(to);
                if (!from.equals(to)) {
                    transitions.add(from + "->" + to);
                }
            }
        });

        assertThat(statuses).contains("ACTIVE", "IDLE", "CHARGING");
        assertThat(transitions).contains("ACTIVE->IDLE", "IDLE->ACTIVE", "ACTIVE->CHARGING", "CHARGING->IDLE");
    }

    @Test
    void batteryDrainsWhileWorkingAndRechargesAtTheDock() {
        Map<String, Double> meanChange = new HashMap<>();
        Map<String, Integer> samples = new HashMap<>();
        telemetry.values().forEach(series -> {
            for (int i = 1; i < series.size(); i++) {
                String status = series.get(i - 1).get("status").asText();
                double change = metric(series.get(i), "battery_pct") - metric(series.get(i - 1), "battery_pct");
                meanChange.merge(status, change, Double::sum);
                samples.merge(status, 1, Integer::sum);
            }
        });
        meanChange.replaceAll((status, sum) -> sum / samples.get(status));

        assertThat(meanChange.get("ACTIVE")).isNegative();
        assertThat(meanChange.get("IDLE")).isNegative().isGreaterThan(meanChange.get("ACTIVE"));
        assertThat(meanChange.get("CHARGING")).isPositive();
    }

    @Test
    void chargingHappensAtTheDockWithoutMoving() {
        telemetry.values().forEach(series -> series.stream()
                .filter(t -> t.get("status").asText().equals("CHARGING"))
                .forEach(t -> {
                    assertThat(metric(t, "velocity_mps")).isZero();
                    assertThat(metric(t, "pos_x")).isLessThan(-26);
                }));
    }

    @Test
    void motorRunsWarmerWhenWorkingThanWhenCharging() {
        double active = meanOf("ACTIVE", "motor_temp_c");
        double charging = meanOf("CHARGING", "motor_temp_c");

        assertThat(active).isGreaterThan(charging + 3);
        assertThat(meanOf("ACTIVE", "velocity_mps")).isGreaterThan(0.5);
    }

    @Test
    void cpuIsNoisyAroundABaseline() {
        for (List<JsonNode> series : telemetry.values()) {
            double[] cpu = series.stream().mapToDouble(t -> metric(t, "cpu_pct")).toArray();
            double mean = Arrays.stream(cpu).average().orElseThrow();
            double sd = Math.sqrt(Arrays.stream(cpu).map(c -> (c - mean) * (c - mean)).average()
                    .orElseThrow());
            assertThat(mean).isBetween(10.0, 50.0);
            assertThat(sd).isBetween(1.0, 15.0);
        }
    }

    @Test
    void logLevelsComeInRealisticProportions() {
        Map<String, Integer> byLevel = new HashMap<>();
        Set<String> sources = new HashSet<>();
        logs.forEach(l -> {
            byLevel.merge(l.get("level").asText(), 1, Integer::sum);
            sources.add(l.get("source").asText());
        });
        double total = logs.size();

        // a few per minute per robot
        assertThat(total / 20 / 60).isBetween(3.0, 8.0);
        assertThat(byLevel.get("INFO") / total).isBetween(0.70, 0.90);
        assertThat(byLevel.get("WARN") / total).isBetween(0.08, 0.25);
        assertThat(byLevel.get("ERROR") / total).isBetween(0.02, 0.10);
        assertThat(sources).contains("nav", "motor", "battery", "lidar");
    }

    private static double meanOf(String status, String metric) {
        return telemetry.values().stream().flatMap(List::stream)
                .filter(t -> t.get("status").asText().equals(status))
                .mapToDouble(t -> metric(t, metric)).average().orElseThrow();
    }
}
