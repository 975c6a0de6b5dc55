package io.fleetstream.benchmarks.tiering;

import io.fleetstream.simulator.lidar.LidarFrame;
import io.fleetstream.simulator.lidar.LidarScanner;
import io.fleetstream.simulator.lidar.PcdEncoder;
import io.fleetstream.simulator.model.SiteLayout;
import io.fleetstream.simulator.random.DeterministicRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic point clouds for the tiering benchmark, made by the fleet simulator's own lidar model: a 16-ring
 * spinning lidar with {@value #COLUMNS} azimuth steps (a VLP-16 class sensor at about 0.35 deg), 40 m range, ray-cast
 * against a generated warehouse (racks, pillars, pallets; {@link SiteLayout}) from poses spread over the floor, with
 * range noise growing with distance, intensity from reflectivity and incidence, and dropouts. Encoded as the robots
 * send them: PCD v0.7, DATA binary, x y z intensity as 32-bit floats.
 */
final class LidarDataset {

    static final int RINGS = 16;
    static final int COLUMNS = 1024;
    static final double MAX_RANGE_M = 40;

    private LidarDataset() {
    }

    /** One encoded frame and its point count. */
    record Frame(byte[] pcd, int points) {
    }

    static List<Frame> generate(int frames, long seed) {
        SiteLayout site = SiteLayout.generate("site-bench", seed, 60, 40);
        LidarScanner scanner = new LidarScanner(site.scene(), RINGS, COLUMNS, MAX_RANGE_M);
        DeterministicRandom poses = DeterministicRandom.of(seed, "bench/poses");
        DeterministicRandom noise = DeterministicRandom.of(seed, "bench/noise");
        List<Frame> out = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            SiteLayout.Point p = site.randomWaypoint(poses);
            LidarFrame frame = scanner.scan(p.x(), p.y(), poses.uniform(-Math.PI, Math.PI), noise);
            out.add(new Frame(PcdEncoder.encode(frame), frame.pointCount()));
        }
        return out;
    }
}
