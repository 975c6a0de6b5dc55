package io.fleetstream.benchmarks.detector;

import io.fleetstream.flink.anomaly.detector.AnomalyDetector;
import io.fleetstream.flink.anomaly.detector.DetectorConfig;
import io.fleetstream.flink.anomaly.detector.DetectorState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of scoring one sample, on a warmed-up state fed a noisy daily cycle with occasional spikes (every code path
 * of the detector runs). {@code updateInPlace} is the in-memory cost; {@code updateWithStateRoundTrip} adds the
 * state (de)serialization a heap-less Flink state backend (RocksDB) would pay per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DetectorBenchmark {

    private static final int SAMPLES = 4096;
    private static final long STEP_MILLIS = 300_000L;

    private final AnomalyDetector detector = new AnomalyDetector(DetectorConfig.defaults());
    private final double[] values = new double[SAMPLES];
    private DetectorState state;
    private byte[] stateBytes;
    private long time;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < SAMPLES; i++) {
            double daily = 10.0 * Math.sin(2 * Math.PI * i * STEP_MILLIS / 86_400_000.0);
            values[i] = 50.0 + daily + random.nextGaussian() + (random.nextInt(500) == 0 ? 30.0 : 0.0);
        }
        state = detector.newState();
        for (int i = 0; i < 4 * SAMPLES; i++) {
            step();
        }
        stateBytes = state.toBytes();
    }

    private double step() {
        time += STEP_MILLIS;
        double value = values[next];
        next = (next + 1) & (SAMPLES - 1);
        return detector.update(state, time, value).score();
    }

    @Benchmark
    public double updateInPlace() {
        return step();
    }

    @Benchmark
    public double updateWithStateRoundTrip() {
        state = DetectorState.fromBytes(stateBytes);
        double score = step();
        stateBytes = state.toBytes();
        return score;
    }
}
