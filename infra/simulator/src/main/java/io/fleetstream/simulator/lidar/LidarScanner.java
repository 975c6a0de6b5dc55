package io.fleetstream.simulator.lidar;

import io.fleetstream.simulator.random.DeterministicRandom;

/**
 * A spinning multi-beam lidar (like a 16-ring mechanical sensor): {@code rings} beams spread evenly over the
 * vertical field of view, sampled at {@code columns} azimuth steps per revolution, ray-cast against a {@link Scene}.
 * Ranges get Gaussian noise growing with distance, intensity follows reflectivity, incidence angle and range
 * fall-off, and some returns are lost (more at grazing angles), as on real sensors.
 */
public final class LidarScanner {

    public static final double SENSOR_HEIGHT_M = 0.9;
    static final double MIN_RANGE_M = 0.3;
    static final double VERTICAL_FOV_DEG = 30;
    private static final double DROPOUT_PROBABILITY = 0.01;
    private static final double GRAZING_COSINE = 0.06;

    private final Scene scene;
    private final int rays;
    private final double maxRange;
    private final double[] localX;
    private final double[] localY;
    private final double[] localZ;
    private final Scene.RayHit hit = new Scene.RayHit();

    public LidarScanner(Scene scene, int rings, int columns, double maxRange) {
        if (rings < 1 || columns < 1 || maxRange <= MIN_RANGE_M) {
            throw new IllegalArgumentException("lidar needs rings >= 1, columns >= 1, max range > " + MIN_RANGE_M);
        }
        this.scene = scene;
        this.rays = rings * columns;
        this.maxRange = maxRange;
        this.localX = new double[rays];
        this.localY = new double[rays];
        this.localZ = new double[rays];
        for (int ring = 0; ring < rings; ring++) {
            double elevation = StrictMath.toRadians(rings == 1 ? 0
                    : -VERTICAL_FOV_DEG / 2 + VERTICAL_FOV_DEG * ring / (rings - 1));
            for (int column = 0; column < columns; column++) {
                double azimuth = 2 * StrictMath.PI * column / columns;
                int ray = ring * columns + column;
                localX[ray] = StrictMath.cos(elevation) * StrictMath.cos(azimuth);
                localY[ray] = StrictMath.cos(elevation) * StrictMath.sin(azimuth);
                localZ[ray] = StrictMath.sin(elevation);
            }
        }
    }

    /** Number of beams per sweep, an upper bound of the points in a frame. */
    public int rays() {
        return rays;
    }

    /** Scans from a robot at (x, y) facing {@code yaw} radians; {@code noise} supplies every random draw. */
    public LidarFrame scan(double x, double y, double yaw, DeterministicRandom noise) {
        double cos = StrictMath.cos(yaw);
        double sin = StrictMath.sin(yaw);
        float[] points = new float[rays * LidarFrame.FIELDS];
        int count = 0;
        for (int ray = 0; ray < rays; ray++) {
            double lx = localX[ray];
            double ly = localY[ray];
            double lz = localZ[ray];
            boolean returned = scene.cast(x, y, SENSOR_HEIGHT_M, cos * lx - sin * ly, sin * lx + cos * ly, lz,
                    maxRange, hit);
            double lossDraw = noise.nextDouble();
            double rangeNoise = noise.gaussian();
            double intensityNoise = noise.gaussian();
            if (!returned || hit.range() < MIN_RANGE_M || lossDraw < DROPOUT_PROBABILITY
                    || hit.cosIncidence() < GRAZING_COSINE) {
                continue;
            }
            double range = hit.range() + rangeNoise * (0.01 + 0.002 * hit.range());
            double intensity = 255 * hit.reflectivity() * (0.35 + 0.65 * hit.cosIncidence())
                    / (1 + 0.02 * hit.range()) + 2 * intensityNoise;
            int base = count * LidarFrame.FIELDS;
            points[base] = (float) (lx * range);
            points[base + 1] = (float) (ly * range);
            points[base + 2] = (float) (lz * range);
            points[base + 3] = (float) Math.max(0, Math.min(255, intensity));
            count++;
        }
        return new LidarFrame(points, count, x, y, SENSOR_HEIGHT_M, yaw);
    }
}
