package io.fleetstream.simulator.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.simulator.model.Fault;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private static final long RUN_MS = 120_000;
    private static final FleetSettings FLEET = FleetSettings.of(6, 7)
            .withGenerator(GeneratorSettings.defaults().withPointcloudInterval(Duration.ofSeconds(5))
                    .withLogsPerMinute(20))
            .withFaults(List.of(Fault.parse("robot-0002:overheat@30s"), Fault.parse("robot-0004:dropout@40s+20s")));

    @Test
    void sameSeedGivesTheSamePayloadSequencePerRobot() {
        List<String> first = fingerprints(generate(FLEET, RUN_MS));
        List<String> second = fingerprints(generate(FLEET, RUN_MS));

        assertThat(first).hasSizeGreaterThan(6 * 240).isEqualTo(second);
    }

    @Test
    void sequenceDoesNotDependOnHowTheClockIsAdvanced() {
        List<String> inOneStep = fingerprints(generate(FLEET, RUN_MS));

        Recorder irregular = new Recorder();
        FleetModel model = FleetModel.create(FLEET, Recorder.START_EPOCH_MS);
        SplittableRandom gaps = new SplittableRandom(1);
        for (long t = 0; t < RUN_MS; t += 1 + gaps.nextInt(900)) {
            model.advanceTo(t, irregular);
        }
        model.advanceTo(RUN_MS, irregular);

        // per robot the order is the same; across robots the interleaving differs, so compare robot by robot
        for (String robotId : model.robotIds()) {
            assertThat(fingerprints(only(irregular, robotId))).isEqualTo(fingerprints(only(generate(FLEET, RUN_MS),
                    robotId)));
        }
        assertThat(irregular.messages).hasSameSizeAs(inOneStep);
    }

    @Test
    void differentSeedGivesDifferentPayloads() {
        List<String> seed7 = fingerprints(Recorder.run(FLEET, "robot-0001", 10_000));
        List<String> seed8 = fingerprints(Recorder.run(new FleetSettings(FLEET.robots(), FLEET.sites(), 8,
                FLEET.generator(), FLEET.faults()), "robot-0001", 10_000));

        assertThat(seed7).isNotEqualTo(seed8);
    }

    @Test
    void aRobotsPayloadsDoNotDependOnTheRestOfTheFleet() {
        FleetSettings larger = new FleetSettings(12, FLEET.sites(), FLEET.seed(), FLEET.generator(), List.of());

        assertThat(fingerprints(Recorder.run(larger, "robot-0003", RUN_MS)))
                .isEqualTo(fingerprints(Recorder.run(FLEET, "robot-0003", RUN_MS)));
    }

    private static Recorder generate(FleetSettings fleet, long untilMs) {
        Recorder recorder = new Recorder();
        FleetModel.create(fleet, Recorder.START_EPOCH_MS).advanceTo(untilMs, recorder);
        return recorder;
    }

    private static Recorder only(Recorder recorder, String robotId) {
        Recorder filtered = new Recorder();
        recorder.messages.stream().filter(m -> m.robotId().equals(robotId)).forEach(filtered::publish);
        return filtered;
    }

    /** Everything observable of a message: topic, payload bytes, user properties and emission time. */
    static List<String> fingerprints(Recorder recorder) {
        return recorder.messages.stream().map(m -> m.topic() + "|" + m.emittedAtMs() + "|" + m.userProperties() + "|"
                + HexFormat.of().formatHex(m.payload())).toList();
    }
}
