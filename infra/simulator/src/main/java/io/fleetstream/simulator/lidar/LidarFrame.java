package io.fleetstream.simulator.lidar;

/**
 * One lidar sweep: {@code pointCount} points in the sensor frame, stored interleaved as x, y, z, intensity, plus the
 * sensor pose in the site frame (written as the PCD VIEWPOINT).
 */
public record LidarFrame(float[] points, int pointCount, double sensorX, double sensorY, double sensorZ, double yaw) {

    public static final int FIELDS = 4;

    public float x(int i) {
        return points[i * FIELDS];
    }

    public float y(int i) {
        return points[i * FIELDS + 1];
    }

    public float z(int i) {
        return points[i * FIELDS + 2];
    }

    public float intensity(int i) {
        return points[i * FIELDS + 3];
    }
}
