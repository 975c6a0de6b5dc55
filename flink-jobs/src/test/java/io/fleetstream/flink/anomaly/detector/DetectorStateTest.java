package io.fleetstream.flink.anomaly.detector;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

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
    void otherFormatVersionsAndSizesAreRejected() {
        byte[] bytes = trainedState().toBytes();
        bytes[0] = (byte) (DetectorState.FORMAT_VERSION - 1);
        assertThatThrownBy(() -> DetectorState.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("Unsupported detector state format " + (DetectorState.FORMAT_VERSION - 1)
                        + ", expected " + DetectorState.FORMAT_VERSION);
        assertThatThrownBy(() -> DetectorState.fromBytes(new byte[DetectorState.SERIALIZED_BYTES - 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
