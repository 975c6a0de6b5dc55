package io.fleetstream.flink.anomaly.detector;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorStateTest {

    private final AnomalyDetector detector = new AnomalyDetector(DetectorConfig.defaults());

    /** A state that has been through warm-up, the range rules and the daily profile. */
    private DetectorState trainedState() {
        DetectorState state = detector.newState();
        long time = 1_700_000_000_000L;
        for (int i = 0; i < 2000; i++) {
            time += 300_000L;
            detector.update(state, time, 50.0 + 10.0 * Math.sin(i / 20.0) + (i % 97 == 0 ? 40.0 : 0.0));
        }
        return state;
    }

    @Test
    void streamEncodingIsTheByteEncoding() throws IOException {
        DetectorState state = trainedState();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            state.writeTo(out);
            out.writeInt(42);
        }
        assertThat(bytes.toByteArray()).startsWith(state.toBytes()).hasSize(DetectorState.SERIALIZED_BYTES + 4);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(DetectorState.readFrom(in).toBytes()).isEqualTo(state.toBytes());
            assertThat(in.readInt()).as("reads exactly its own bytes").isEqualTo(42);
        }
    }

    @Test
    void aStateThatSawNothingYetRoundTrips() {
        DetectorState fresh = detector.newState();

        DetectorState copy = DetectorState.fromBytes(fresh.toBytes());

        assertThat(copy.toBytes()).isEqualTo(fresh.toBytes());
        assertThat(detector.update(copy, 1_700_000_000_000L, 5.0))
                .isEqualTo(detector.update(fresh, 1_700_000_000_000L, 5.0));
    }

    @Test
    void aStateOfThePreviousFormatIsMigratedWithoutProfileDeficit() {
        DetectorState trained = trainedState();
        byte[] previous = Arrays.copyOf(trained.toBytes(), DetectorState.PREVIOUS_SERIALIZED_BYTES);
        previous[0] = (byte) DetectorState.PREVIOUS_FORMAT_VERSION;

        DetectorState migrated = DetectorState.fromBytes(previous);

        trained.profileDeficit = 0.0;
        trained.dormancy = 0.0;
        assertThat(migrated.toBytes()).isEqualTo(trained.toBytes());
    }

    @Test
    void aStateOfTheOldestFormatIsMigratedWithEmptyRecentExtremes() throws IOException {
        DetectorState trained = trainedState();
        byte[] previous = oldestFormat(trained);

        DetectorState migrated = DetectorState.fromBytes(previous);

        assertThat(migrated.samples()).isEqualTo(trained.samples());
        assertThat(migrated.recent.isStarted()).isFalse();
        long time = trained.lastTimeMillis();
        for (int i = 0; i < 100; i++) {
            time += 300_000L;
            assertThat(detector.update(migrated, time, 50.0 + 10.0 * Math.sin(i / 20.0)).score()).isBetween(0.0, 1.0);
        }
        assertThat(migrated.recent.isStarted()).isTrue();
        assertThat(DetectorState.fromBytes(migrated.toBytes()).toBytes()).hasSize(DetectorState.SERIALIZED_BYTES)
                .isEqualTo(migrated.toBytes());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(stream)) {
            out.write(previous);
            out.writeInt(42);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream.toByteArray()))) {
            assertThat(DetectorState.readFrom(in).samples()).isEqualTo(trained.samples());
            assertThat(in.readInt()).as("reads exactly the oldest format's bytes").isEqualTo(42);
        }
    }

    @Test
    void otherFormatVersionsAndSizesAreRejected() {
        byte[] bytes = trainedState().toBytes();
        bytes[0] = (byte) (DetectorState.OLDEST_FORMAT_VERSION - 1);
        assertThatThrownBy(() -> DetectorState.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageStartingWith("Unsupported detector state format "
                        + (DetectorState.OLDEST_FORMAT_VERSION - 1));
        byte[] previousVersionOfTheCurrentSize = trainedState().toBytes();
        previousVersionOfTheCurrentSize[0] = (byte) DetectorState.PREVIOUS_FORMAT_VERSION;
        assertThatThrownBy(() -> DetectorState.fromBytes(previousVersionOfTheCurrentSize))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DetectorState.fromBytes(new byte[DetectorState.SERIALIZED_BYTES - 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The oldest format is the current one without the recent extremes and the profile deficit, which were appended
     * at its end.
     */
    private static byte[] oldestFormat(DetectorState state) {
        byte[] oldest = Arrays.copyOf(state.toBytes(), DetectorState.OLDEST_SERIALIZED_BYTES);
        oldest[0] = (byte) DetectorState.OLDEST_FORMAT_VERSION;
        return oldest;
    }
}
