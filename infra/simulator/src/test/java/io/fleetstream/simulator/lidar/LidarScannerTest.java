package io.fleetstream.simulator.lidar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.simulator.random.DeterministicRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class LidarScannerTest {

    /** An empty 20 m x 20 m hall with a 4 m ceiling, and one box 5 m ahead of the origin. */
    private static final Scene HALL = new Scene(-10, -10, 10, 10, 4,
            List.of(new Scene.Box(5, -1, 0, 6, 1, 2, 0.7)), List.of(new Scene.Pillar(0, -5, 0.5, 4, 0.4)));

    @Test
    void horizontalBeamsMeasureTheDistanceToWhatIsAhead() {
        LidarScanner scanner = new LidarScanner(HALL, 3, 360, 40);
        LidarFrame frame = scanner.scan(0, 0, 0, DeterministicRandom.of(1, "test"));

        // ring 1 of 3 is horizontal; ahead (+x) is the box face at 5 m, behind (-x) the wall at 10 m
        assertThat(rangeTowards(frame, 1, 0)).isCloseTo(5.0, within(0.1));
        assertThat(rangeTowards(frame, -1, 0)).isCloseTo(10.0, within(0.1));
        // to the right (-y) stands the pillar: centre at 5 m, surface at 4.5 m
        assertThat(rangeTowards(frame, 0, -1)).isCloseTo(4.5, within(0.1));
    }

    @Test
    void downwardBeamsHitTheFloorBelowTheSensor() {
        LidarScanner scanner = new LidarScanner(HALL, 16, 90, 40);
        LidarFrame frame = scanner.scan(-5, 5, 1.0, DeterministicRandom.of(1, "test"));

        int floorPoints = 0;
        for (int i = 0; i < frame.pointCount(); i++) {
            double range = Math.sqrt(frame.x(i) * frame.x(i) + frame.y(i) * frame.y(i) + frame.z(i) * frame.z(i));
            // beams at -13 and -15 degrees reach the floor within 4 m, before any wall or obstacle
            if (frame.z(i) / range < Math.sin(Math.toRadians(-12))) {
                assertThat(frame.z(i)).isCloseTo((float) -LidarScanner.SENSOR_HEIGHT_M, within(0.1f));
                floorPoints++;
            }
            assertThat(frame.z(i)).isGreaterThan((float) -LidarScanner.SENSOR_HEIGHT_M - 0.1f);
            assertThat(frame.intensity(i)).isBetween(0f, 255f);
        }
        assertThat(floorPoints).isGreaterThan(2 * 90 * 9 / 10);
        assertThat(frame.pointCount()).isGreaterThan((int) (0.9 * scanner.rays())).isLessThan(scanner.rays());
    }

    @Test
    void pointsAreExpressedInTheSensorFrame() {
        LidarScanner scanner = new LidarScanner(HALL, 3, 360, 40);
        // facing +y: the wall at y = 10 is straight ahead (sensor x axis) at 10 m
        LidarFrame frame = scanner.scan(0, 0, Math.PI / 2, DeterministicRandom.of(1, "test"));

        assertThat(rangeTowards(frame, 1, 0)).isCloseTo(10.0, within(0.1));
    }

    @Test
    void encodedFrameDecodesToTheSamePoints() {
        LidarFrame frame = new LidarScanner(HALL, 8, 64, 40).scan(1, 2, 0.5, DeterministicRandom.of(3, "test"));
        PcdDecoder.Cloud cloud = PcdDecoder.decode(PcdEncoder.encode(frame));

        assertThat(cloud.points()).isEqualTo(frame.pointCount());
        assertThat(cloud.header()).containsEntry("WIDTH", Integer.toString(frame.pointCount()))
                .containsEntry("HEIGHT", "1").containsEntry("COUNT", "1 1 1 1")
                .containsEntry("VIEWPOINT", "1.000 2.000 0.900 0.968912 0 0 0.247404");
        for (int i = 0; i < frame.pointCount() * LidarFrame.FIELDS; i++) {
            assertThat(cloud.data()[i]).isEqualTo(frame.points()[i]);
        }
    }

    /** Range of the point nearest to the unit direction (dx, dy) in the horizontal plane. */
    private static double rangeTowards(LidarFrame frame, double dx, double dy) {
        double best = Double.NaN;
        double bestAlignment = -1;
        for (int i = 0; i < frame.pointCount(); i++) {
            double range = Math.sqrt(frame.x(i) * frame.x(i) + frame.y(i) * frame.y(i) + frame.z(i) * frame.z(i));
            double alignment = (frame.x(i) * dx + frame.y(i) * dy) / range;
            if (Math.abs(frame.z(i)) < 0.05 && alignment > bestAlignment) {
                bestAlignment = alignment;
                best = range;
            }
        }
        return best;
    }
}
